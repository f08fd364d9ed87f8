package io.quorumpay.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.JsonBodies;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A message from a live client (docs/HUB.md, "Live notifications"), parsed strictly: anything
 * else is a {@link HubException} with a typed error and changes nothing.
 */
public sealed interface LiveRequest {
  /** Follow {@code target} from after {@code since} (absent: from now). */
  record Subscribe(Target target, OptionalLong since) implements LiveRequest {}

  /** Stop following {@code target}. */
  record Unsubscribe(Target target) implements LiveRequest {}

  /** Asks for a pong carrying the same {@code id} (may be null). */
  record Ping(String id) implements LiveRequest {}

  /** The longest message a client may send, in characters. */
  int MAX_CHARS = 1024;

  /** Parses one text message. */
  static LiveRequest parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new HubException(new HubError.BadParameter("message", "longer than " + MAX_CHARS + " characters"));
    }
    JsonNode node;
    try {
      node = JsonBodies.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new HubException(new HubError.MalformedJson(e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new HubException(new HubError.MalformedJson("expected a JSON object"));
    }
    String type = string(node, "type", true);
    return switch (type) {
      case "subscribe" -> {
        allowOnly(node, Set.of("type", "account", "feed", "since"));
        JsonNode since = node.get("since");
        OptionalLong from = OptionalLong.empty();
        if (since != null && !since.isNull()) {
          if (!since.canConvertToLong() || !since.isIntegralNumber()) {
            throw new HubException(new HubError.WrongType("since", "an integer"));
          }
          if (since.asLong() < 0) {
            throw new HubException(new HubError.BadParameter("since", "a cursor is 0 or more"));
          }
          from = OptionalLong.of(since.asLong());
        }
        yield new Subscribe(target(node), from);
      }
      case "unsubscribe" -> {
        allowOnly(node, Set.of("type", "account", "feed"));
        yield new Unsubscribe(target(node));
      }
      case "ping" -> {
        allowOnly(node, Set.of("type", "id"));
        yield new Ping(string(node, "id", false));
      }
      default -> throw new HubException(new HubError.UnknownMessageType(type));
    };
  }

  private static Target target(JsonNode node) {
    String account = string(node, "account", false);
    String feed = string(node, "feed", false);
    if ((account == null) == (feed == null)) {
      throw new HubException(new HubError.BadParameter("account", "give either 'account' or 'feed': \"network\", not both"));
    }
    if (feed != null) {
      if (!feed.equals("network")) {
        throw new HubException(new HubError.BadParameter("feed", "the only feed is \"network\""));
      }
      return new Target.Network();
    }
    try {
      return new Target.Account(AccountId.parseText(account, true));
    } catch (TextFormException e) {
      throw new HubException(new HubError.BadParameter("account", e.getMessage()));
    }
  }

  private static String string(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new HubException(new HubError.MissingField(field));
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new HubException(new HubError.WrongType(field, "a string"));
    }
    return value.asText();
  }

  private static void allowOnly(JsonNode node, Set<String> fields) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new HubException(new HubError.UnknownField(name));
      }
    }
  }
}
