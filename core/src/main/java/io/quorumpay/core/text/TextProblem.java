package io.quorumpay.core.text;

/**
 * Why a text form was refused, each with a message that says what is wrong and what to do.
 * {@code what} names the value ("account id", "primary address").
 */
public sealed interface TextProblem {

  /** What is wrong and what to do, for a person. */
  String message();

  /** Well formed, but the checksum does not match: a character was mistyped or lost. */
  record ChecksumMismatch(String what, String text) implements TextProblem {
    @Override
    public String message() {
      return what + " " + text + ": the checksum does not match, so a character is mistyped or missing;"
          + " copy the " + what + " again from where it was printed";
    }
  }

  /** A form without a checksum (raw hex, or an all-lower or all-upper address) where a checked one is required. */
  record Unchecksummed(String what, String text, String checkedForm) implements TextProblem {
    @Override
    public String message() {
      return what + " " + text + " has no checksum, so a typo in it would go unnoticed and pay someone nobody knows;"
          + " use its checksummed form (" + checkedForm + "), or pass --raw-hex if you are sure of every character";
    }
  }

  /** A bech32m string for something else (another human-readable prefix). */
  record WrongPrefix(String what, String expected, String actual) implements TextProblem {
    @Override
    public String message() {
      return "a " + what + " starts with " + expected + "1, not " + actual + "1; check that this is a QuorumPay " + what;
    }
  }

  /** Not the form at all: wrong length, characters outside the alphabet, mixed case in bech32m, bad padding. */
  record Malformed(String what, String text, String why) implements TextProblem {
    @Override
    public String message() {
      return "malformed " + what + " " + text + ": " + why;
    }
  }
}
