package io.tessera.publish;

import io.tessera.cli.Tessera;
import java.util.Arrays;

/** Runs the CLI and kills its JVM at once (as kill -9 does: no hook, no finally) when publish reaches a point. */
public final class KillDuringPublish {
  private KillDuringPublish() {}

  /** Arguments: the point, then the CLI's. */
  public static void main(String[] args) {
    String point = args[0];
    AtomicPublish.faultPoint = p -> {
      if (p.equals(point)) {
        Runtime.getRuntime().halt(137);
      }
    };
    System.exit(Tessera.execute(Arrays.copyOfRange(args, 1, args.length)));
  }
}
