package io.tessera.config;

/** A configuration or usage problem the user must fix; the CLI prints the message on one line and exits 2. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
