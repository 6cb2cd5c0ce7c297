package io.tessera.pipeline;

/** The input data breaks a rule the user asked for (strict mode) or an invariant; the CLI exits 3. */
public final class DataException extends RuntimeException {
  public DataException(String message) {
    super(message);
  }
}
