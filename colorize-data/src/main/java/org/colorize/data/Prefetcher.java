package org.colorize.data;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.colorize.data.augment.RandomStream;

/**
 * Prepares the batches of an epoch on a pool of daemon threads, at most {@code prefetch} ahead of the
 * consumer, and hands them out in order. Each task builds one whole batch; its random choices come
 * from (seed, epoch, picture index), so the result does not depend on which thread runs it or when.
 *
 * <p>Epochs: the first is 0; {@link #reset()} starts the next one if any batch of the current one was
 * handed out, and otherwise keeps the current one (so extra resets never change what is produced).
 * Work of an abandoned epoch is cancelled and its results are never handed out. Single consumer.
 */
final class Prefetcher implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ColorizationData data;
    private final BatchAssembler assembler;
    private final ThreadPoolExecutor pool;
    private final int prefetch;
    private final ArrayDeque<Future<Batch>> window = new ArrayDeque<>();
    /** Changes whenever queued work becomes stale; running tasks poll it and stop. */
    private final AtomicInteger generation = new AtomicInteger();

    private int epoch;
    private int[] order;
    private int numBatches;
    private int submitted;
    private int taken;
    private Batch peeked;
    private boolean handedOut;
    private boolean closed;
    private long waitNanos;

    Prefetcher(ColorizationData data) {
        this.data = data;
        this.assembler = new BatchAssembler(data);
        this.prefetch = data.prefetch();
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "colorize-data-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        int workers = data.workers();
        pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        startEpoch(0);
    }

    private void startEpoch(int e) {
        cancelWork();
        epoch = e;
        int n = data.source().size();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (data.shuffle()) {
            RandomStream.of(data.seed(), e, -1).shuffle(order);
        }
        numBatches = data.batchesPerEpoch();
        submitted = 0;
        taken = 0;
        handedOut = false;
        fill();
    }

    private void cancelWork() {
        generation.incrementAndGet();
        for (Future<Batch> f : window) {
            f.cancel(false);
        }
        window.clear();
        peeked = null;
    }

    private void fill() {
        while (window.size() < prefetch && submitted < numBatches) {
            int b = submitted++;
            int bs = data.batchSize();
            int[] indices = Arrays.copyOfRange(order, b * bs, Math.min(order.length, (b + 1) * bs));
            int gen = generation.get();
            int ep = epoch;
            window.add(pool.submit(() -> assembler.assemble(ep, indices, () -> generation.get() != gen)));
        }
    }

    boolean hasNext() {
        checkOpen();
        while (peeked == null) {
            if (taken >= numBatches) {
                return false;
            }
            Future<Batch> f = window.poll();
            int b = taken++;
            fill();
            Batch batch = await(f, b);
            fill();
            if (batch != null && batch.count() > 0) {
                peeked = batch;
            }
        }
        return true;
    }

    Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches (call reset())");
        }
        Batch b = peeked;
        peeked = null;
        handedOut = true;
        return b;
    }

    private Batch await(Future<Batch> f, int batchIndex) {
        try {
            if (f.isDone()) {
                return f.get();
            }
            long t0 = System.nanoTime();
            try {
                return f.get();
            } finally {
                waitNanos += System.nanoTime() - t0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch " + batchIndex + " of epoch " + epoch, e);
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("could not prepare batch " + batchIndex + " of epoch " + epoch + ": " + cause,
                    cause);
        }
    }

    void reset() {
        checkOpen();
        if (handedOut) {
            startEpoch(epoch + 1);
        } else if (taken > 0 && peeked == null) {
            // Only unreadable or skipped batches were consumed: restart the same epoch from its start.
            startEpoch(epoch);
        }
    }

    void setEpoch(int e) {
        checkOpen();
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + e);
        }
        startEpoch(e);
    }

    int epoch() {
        return epoch;
    }

    long waitNanos() {
        return waitNanos;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this iterator is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cancelWork();
            pool.shutdownNow();
        }
    }

    /** For tests: whether the worker threads have all ended. */
    boolean awaitTermination(long millis) throws InterruptedException {
        return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
