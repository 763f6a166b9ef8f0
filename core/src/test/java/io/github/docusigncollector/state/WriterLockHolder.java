package io.github.docusigncollector.state;

import java.nio.file.Path;

/**
 * A second process for the writer-lock tests: takes the lock, says so, and waits to be killed; or
 * (with "try") only reports whether it could take it.
 */
public final class WriterLockHolder {
  private WriterLockHolder() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[1].equals("try")) {
      try (WriterLock l = new StateStore(Path.of(args[0])).lockWriter("fetch")) {
        System.out.println("locked");
      } catch (RuntimeException e) {
        System.out.println("refused: " + e.getMessage());
      }
      return;
    }
    WriterLock lock = new StateStore(Path.of(args[0])).lockWriter("run");
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(60_000);
    lock.close();
  }
}
