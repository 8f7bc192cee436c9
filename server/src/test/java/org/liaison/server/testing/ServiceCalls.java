package org.liaison.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.liaison.server.error.LiaisonException;

/** The answer or the refusal of a service call, as tests of a {@link StorageWorld} wait for it. */
public final class ServiceCalls {
  private ServiceCalls() {}

  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("refused: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The refusal of a service call, whether it throws at once (checks before storage) or fails
   * its future (checks inside the writer).
   */
  public static LiaisonException refusal(Callable<? extends CompletableFuture<?>> call) {
    CompletableFuture<?> future;
    try {
      future = call.call();
    } catch (LiaisonException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("failed with " + e, e);
    }
    try {
      Object answer = future.get(10, TimeUnit.SECONDS);
      return fail("expected a refusal, got " + answer);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(LiaisonException.class);
      return (LiaisonException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
