package io.github.docusigncollector.state;

import java.nio.file.Path;

/** A second process for the writer-lock test: takes the lock, says so, and waits to be killed. */
public final class WriterLockHolder {
  private WriterLockHolder() {}

  public static void main(String[] args) throws Exception {
    WriterLock lock = new StateStore(Path.of(args[0])).lockWriter("run");
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(60_000);
    lock.close();
  }
}
