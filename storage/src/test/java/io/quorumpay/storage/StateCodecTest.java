package io.quorumpay.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.authority.ChannelState;
import io.quorumpay.core.encoding.ByteWriter;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stored layout of a channel: its remembered funds round-trip, and the older layout still reads. */
class StateCodecTest {

  @Test
  void aChannelsFundsRoundTrip() throws ProtocolException {
    ChannelState channel = new ChannelState(Optional.empty(), 5, new SequenceNumber(2), 7, Optional.empty(),
        List.of(new SequenceNumber(1), new SequenceNumber(4)));
    assertThat(StateCodec.decodeChannel(StateCodec.encodeChannel(channel))).isEqualTo(channel);
  }

  @Test
  void aChannelStoredWithVersionOneReadsWithoutFunds() throws ProtocolException {
    byte[] stored = new ByteWriter(1 + 1 + 8 + 8 + 8 + 1).u8(1).u8(0).u64(5).u64(2).u64(7).u8(0).toBytes();
    assertThat(StateCodec.decodeChannel(stored))
        .isEqualTo(new ChannelState(Optional.empty(), 5, new SequenceNumber(2), 7, Optional.empty(), List.of()));
  }
}
