package org.colorize.data;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A DL4J {@link DataSetIterator} over {@link ColorizationData} with one network input
 * ({@link org.colorize.core.model.ModelKind#GRAY_TO_RGB} or {@link org.colorize.core.model.ModelKind#L_TO_AB}).
 * Batches are prepared ahead on the iterator's own daemon threads (a bounded queue of
 * {@link ColorizationData#prefetch()} batches), so {@link #asyncSupported()} is false: DL4J need not
 * wrap it in another prefetching thread.
 *
 * <p>Each epoch yields {@link ColorizationData#batchesPerEpoch()} batches (the last one partial unless
 * {@code dropLast}), fewer pictures when some are unreadable. {@link #reset()} starts the next epoch
 * (a new shuffle and new augmentations) once a batch of the current one has been taken; called
 * mid-epoch it abandons the rest of the epoch without mixing it into the next. Not for concurrent use
 * by several consumers. Close it to stop its threads at once.
 *
 * <pre>{@code
 * try (ColorizationIterator it = data.iterator()) {
 *     while (it.hasNext()) {
 *         DataSet batch = it.next();   // features [N,1,H,W], labels [N,2,H,W] for L_TO_AB
 *     }
 * }
 * }</pre>
 */
public final class ColorizationIterator implements DataSetIterator, AutoCloseable {

    /** Iterators are not meant to be serialised; the id only satisfies {@code Serializable}. */
    private static final long serialVersionUID = 1L;

    private final transient ColorizationData data;
    private final transient Prefetcher prefetcher;
    private transient DataSetPreProcessor preProcessor;

    ColorizationIterator(ColorizationData data) {
        this.data = data;
        this.prefetcher = new Prefetcher(data);
    }

    @Override
    public boolean hasNext() {
        return prefetcher.hasNext();
    }

    @Override
    public DataSet next() {
        Batch b = prefetcher.next();
        DataSet ds = new DataSet(b.features()[0], b.labels()[0]);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /**
     * Not supported: the batch size is fixed by {@link ColorizationData.Builder#batchSize(int)}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("next(" + num + ") is not supported: the batch size is set by"
                + " ColorizationData.Builder.batchSize (" + data.batchSize() + ")");
    }

    /** @return the values of one example's input: channels x height x width */
    @Override
    public int inputColumns() {
        return data.featureChannels() * data.width() * data.height();
    }

    /** @return the values of one example's label: channels (3 for RGB, 2 for ab) x height x width */
    @Override
    public int totalOutcomes() {
        int stride = data.modelEncoding().outputStride();
        return data.labelChannels() * (data.width() / stride) * (data.height() / stride);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** @return false: the iterator already prepares batches on its own threads */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        prefetcher.reset();
    }

    @Override
    public int batch() {
        return data.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** @return null: the labels are pictures, not classes */
    @Override
    public List<String> getLabels() {
        return null;
    }

    /** @return the current epoch, from 0 */
    public int epoch() {
        return prefetcher.epoch();
    }

    /**
     * Restarts at the beginning of the given epoch (its shuffle and augmentations), for resuming a
     * training.
     *
     * @param epoch at least 0
     */
    public void setEpoch(int epoch) {
        prefetcher.setEpoch(epoch);
    }

    /** @return the data this iterator reads */
    public ColorizationData data() {
        return data;
    }

    /**
     * The time the consumer has spent blocked in {@code hasNext()}/{@code next()} waiting for a batch
     * that was not ready, since this iterator was made. Near zero over a training means the network
     * never waited for data; otherwise add {@code workers} or lighten the augmentation.
     *
     * @return the total wait
     */
    public java.time.Duration waitTime() {
        return java.time.Duration.ofNanos(prefetcher.waitNanos());
    }

    /** @return how many distinct pictures were found unreadable and skipped so far */
    public int skippedCount() {
        return data.source().skippedCount();
    }

    /** Stops the worker threads and drops prepared batches; the iterator cannot be used afterwards. */
    @Override
    public void close() {
        prefetcher.close();
    }

    Prefetcher prefetcher() {
        return prefetcher;
    }
}
