package io.quorumpay.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a command's result: human text by default, one JSON object with {@code --json}. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CommandSpec spec;
  private final boolean json;

  Output(CommandSpec spec, boolean json) {
    this.spec = spec;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code text} for people, or {@code fields} as JSON for scripts. */
  void result(String text, Map<String, ?> fields) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(JSON.writeValueAsString(fields));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Progress and notes: standard error, so that standard output stays the result. */
  void note(String text) {
    if (!json) {
      spec.commandLine().getErr().println(text);
      spec.commandLine().getErr().flush();
    }
  }

  /** An error, with what to do; returns {@code code} for the caller to exit with. */
  int error(int code, String message) {
    return error(code, message, java.util.Optional.empty());
  }

  /** An error with the protocol's refusal code, if there is one (in {@code --json} output as {@code "code"}). */
  int error(int code, String message, java.util.Optional<io.quorumpay.core.error.ProtocolError> refusal) {
    PrintWriter err = spec.commandLine().getErr();
    if (json) {
      try {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("error", message);
        fields.put("exitCode", code);
        refusal.ifPresent(error -> fields.put("code", error.code().name()));
        err.println(JSON.writeValueAsString(fields));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      err.println("error: " + message);
    }
    err.flush();
    return code;
  }
}
