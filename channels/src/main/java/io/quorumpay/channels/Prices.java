package io.quorumpay.channels;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Prices per call, in the smallest unit of the channel's asset: per gRPC method
 * ({@code /package.Service/Method}) or per HTTP path ({@code /v1/thing}), with an optional default
 * for the rest. A price of 0 makes a method free; a method with no price (and no default) is not served.
 *
 * <pre>
 * default: 1
 * methods:
 *   /echo.Echo/Say: 10
 *   /v1/echo: 5
 * </pre>
 */
public record Prices(Map<String, Long> methods, Long defaultPrice) {
  /** At most this many priced methods in one file. */
  public static final int MAX_METHODS = 10_000;
  private static final long MAX_FILE_BYTES = 4 << 20;
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Prices {
    methods = Map.copyOf(Objects.requireNonNull(methods));
    if (methods.size() > MAX_METHODS) {
      throw new IllegalArgumentException("more than " + MAX_METHODS + " priced methods");
    }
    for (Map.Entry<String, Long> e : methods.entrySet()) {
      if (!e.getKey().startsWith("/")) {
        throw new IllegalArgumentException("method '" + e.getKey() + "' must start with / (/package.Service/Method or /http/path)");
      }
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalArgumentException("price of " + e.getKey() + " must be a whole number >= 0");
      }
    }
    if (defaultPrice != null && defaultPrice < 0) {
      throw new IllegalArgumentException("the default price must be a whole number >= 0");
    }
  }

  /** The price of {@code method}, or empty when it is not for sale. */
  public OptionalLong price(String method) {
    Long price = methods.get(method);
    if (price == null) {
      price = defaultPrice;
    }
    return price == null ? OptionalLong.empty() : OptionalLong.of(price);
  }

  private record File(@JsonProperty("default") Long defaultPrice, @JsonProperty("methods") Map<String, Long> methods) {}

  /** Reads a prices file (YAML); a bad file is an IOException that says what is wrong. */
  public static Prices load(Path path) throws IOException {
    long size = Files.size(path);
    if (size > MAX_FILE_BYTES) {
      throw new IOException(path + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    if (size == 0) {
      throw new IOException(path + " is empty");
    }
    try {
      File file = YAML.readValue(path.toFile(), File.class);
      if (file == null) {
        throw new IOException(path + " is empty");
      }
      return new Prices(file.methods() == null ? Map.of() : file.methods(), file.defaultPrice());
    } catch (IllegalArgumentException e) {
      throw new IOException("bad prices file " + path + ": " + e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("bad prices file " + path + ": " + e.getOriginalMessage(), e);
    }
  }
}
