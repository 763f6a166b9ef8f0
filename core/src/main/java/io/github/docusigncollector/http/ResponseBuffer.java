package io.github.docusigncollector.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A receive buffer reused from one answer to the next, for answers of megabytes read back to back
 * (Monitor pages): the body lands in one array that grows to the largest answer and stays, instead
 * of a new array per answer plus the copy that joins the client's chunks. One request at a time.
 */
public final class ResponseBuffer {
  private byte[] data;
  private int length;

  public ResponseBuffer(int initialCapacity) {
    this.data = new byte[Math.max(16, initialCapacity)];
  }

  /** The array holding the last answer's body in its first {@link #length()} bytes. */
  byte[] array() {
    return data;
  }

  int length() {
    return length;
  }

  /** The last body as an array of its own (for error messages, which are small). */
  byte[] copy() {
    return Arrays.copyOf(data, length);
  }

  HttpResponse.BodyHandler<ResponseBuffer> handler() {
    return info -> {
      long expected = info.headers().firstValueAsLong("content-length").orElse(-1);
      return new Subscriber(expected);
    };
  }

  private void append(ByteBuffer b) {
    int n = b.remaining();
    if (length + n > data.length) {
      data = Arrays.copyOf(data, Math.max(length + n, data.length * 2));
    }
    b.get(data, length, n);
    length += n;
  }

  private final class Subscriber implements HttpResponse.BodySubscriber<ResponseBuffer> {
    private final CompletableFuture<ResponseBuffer> done = new CompletableFuture<>();

    Subscriber(long expected) {
      length = 0;
      if (expected > data.length && expected <= Integer.MAX_VALUE - 8) {
        data = new byte[(int) expected];
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        append(b);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      done.complete(ResponseBuffer.this);
    }

    @Override
    public CompletionStage<ResponseBuffer> getBody() {
      return done;
    }
  }
}
