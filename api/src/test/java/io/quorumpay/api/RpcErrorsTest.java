package io.quorumpay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.quorumpay.core.error.ProtocolError;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RpcErrorsTest {

  @Test
  void everyRefusalCodeTravelsAsTheWireEnumOfTheSameName() {
    for (ProtocolError.Code code : ProtocolError.Code.values()) {
      if (code == ProtocolError.Code.UNRECOGNIZED) {
        continue;
      }
      StatusRuntimeException status = RpcErrors.toStatus(new ProtocolError.Refused(code, "what to do"));
      ProtocolError.Refused back = RpcErrors.refusal(status).orElseThrow();
      assertThat(back.code()).isEqualTo(code);
      assertThat(back.message()).isEqualTo("what to do");
      assertThat(status.getTrailers().get(RpcErrors.CODE_KEY)).isEqualTo(code.name());
    }
    assertThat(Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.UNRECOGNIZED && c != ErrorCode.ERROR_CODE_UNSPECIFIED)
        .map(RpcErrors::fromWire)).doesNotContain(ProtocolError.Code.UNRECOGNIZED).hasSize(ProtocolError.Code.values().length - 1);
    assertThat(RpcErrors.fromWire(ErrorCode.UNRECOGNIZED)).isEqualTo(ProtocolError.Code.UNRECOGNIZED);
  }

  @Test
  void aTransportFailureIsNoRefusal() {
    assertThat(RpcErrors.refusal(io.grpc.Status.UNAVAILABLE.asRuntimeException())).isEmpty();
  }
}
