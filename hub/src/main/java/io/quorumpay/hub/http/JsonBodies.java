package io.quorumpay.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import java.util.stream.Collectors;

/**
 * Request bodies in, through one strict Jackson mapper: unknown fields, wrong types, missing
 * fields and numbers where strings belong are each refused with their own typed error.
 */
public final class JsonBodies {
  /** The hub's one mapper, for bodies in and out. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  static {
    // A number where a string belongs (or the reverse) is a wrong type, not something to convert.
    MAPPER.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      MAPPER.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
  }

  private static final java.util.regex.Pattern MISSING = java.util.regex.Pattern.compile("Missing (?:required )?creator property '([^']*)'");

  private JsonBodies() {}

  /** The body of {@code ctx} as a {@code type}, or a {@link HubException} saying what is wrong with it. */
  public static <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new HubException(new HubError.UnsupportedMediaType(contentType == null ? "no Content-Type" : contentType));
    }
    return parse(boundedBody(ctx), type);
  }

  /** The request attribute holding the body limit in bytes, set by {@link HubServer} on each request. */
  static final String MAX_BODY = "qp.maxBodyBytes";

  /**
   * The body, read through a bound: a body without a Content-Length (chunked) is not checked by
   * the server's limit up front, so it is counted here as it arrives and refused one byte past it.
   */
  private static String boundedBody(Context ctx) {
    Long max = ctx.attribute(MAX_BODY);
    long limit = max == null ? 64 * 1024 : max;
    byte[] bytes;
    try {
      bytes = ctx.req().getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    } catch (java.io.IOException e) {
      throw new HubException(new HubError.MalformedJson("the body could not be read: " + e.getMessage()));
    }
    if (bytes.length > limit) {
      ctx.header("Connection", "close");
      throw new HubException(new HubError.BodyTooLarge(limit));
    }
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code json} as a {@code type}, or a {@link HubException}. */
  public static <T> T parse(String json, Class<T> type) {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new HubException(new HubError.MalformedJson("expected an object, got null"));
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new HubException(new HubError.UnknownField(e.getPropertyName()));
    } catch (ValueInstantiationException e) {
      // A record's constructor refused a value: a null where one is required.
      throw new HubException(new HubError.MissingField(path(e)));
    } catch (InvalidFormatException e) {
      throw new HubException(new HubError.WrongType(path(e), expected(e.getTargetType())));
    } catch (MismatchedInputException e) {
      java.util.regex.Matcher missing = MISSING.matcher(String.valueOf(e.getOriginalMessage()));
      if (missing.find()) {
        throw new HubException(new HubError.MissingField(missing.group(1)));
      }
      if (e.getPath().isEmpty()) {
        throw new HubException(new HubError.MalformedJson("expected a JSON object"));
      }
      throw new HubException(new HubError.WrongType(path(e), expected(e.getTargetType())));
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      // Anything else about one field, such as a number too large for it.
      if (e.getPath().isEmpty()) {
        throw new HubException(new HubError.MalformedJson(e.getOriginalMessage()));
      }
      throw new HubException(new HubError.WrongType(path(e), "of the documented type and range"));
    } catch (JsonProcessingException e) {
      throw new HubException(new HubError.MalformedJson(e.getOriginalMessage()));
    }
  }

  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    String path = e.getPath().stream()
        .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."));
    return path.isEmpty() ? "(body)" : path;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of the documented type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
      return "an integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (java.util.List.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }
}
