package org.colorize.data;

import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * A DL4J {@link MultiDataSetIterator} over {@link ColorizationData}, for ComputationGraphs and for
 * {@link org.colorize.core.model.ModelKind#L_EMBEDDING_TO_AB}, whose inputs are {L [N,1,H,W], embedding
 * [N,size]} and whose label is ab/128 [N,2,H,W]. For the other kinds it has one input and one label,
 * as {@link ColorizationIterator}. Epochs, threads, {@link #reset()} and closing behave as there; the
 * embeddings are computed on the worker threads too.
 *
 * <pre>{@code
 * try (ColorizationMultiIterator it = fusionData.multiIterator()) {
 *     graph.fit(it, 10);
 * }
 * }</pre>
 */
public final class ColorizationMultiIterator implements MultiDataSetIterator, AutoCloseable {

    /** Iterators are not meant to be serialised; the id only satisfies {@code Serializable}. */
    private static final long serialVersionUID = 1L;

    private final transient ColorizationData data;
    private final transient Prefetcher prefetcher;
    private transient MultiDataSetPreProcessor preProcessor;

    ColorizationMultiIterator(ColorizationData data) {
        this.data = data;
        this.prefetcher = new Prefetcher(data);
    }

    @Override
    public boolean hasNext() {
        return prefetcher.hasNext();
    }

    @Override
    public MultiDataSet next() {
        Batch b = prefetcher.next();
        MultiDataSet mds = new MultiDataSet(b.features(), b.labels());
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    /**
     * Not supported: the batch size is fixed by {@link ColorizationData.Builder#batchSize(int)}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("next(" + num + ") is not supported: the batch size is set by"
                + " ColorizationData.Builder.batchSize (" + data.batchSize() + ")");
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
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

    /** @return the current epoch, from 0 */
    public int epoch() {
        return prefetcher.epoch();
    }

    /**
     * Restarts at the beginning of the given epoch.
     *
     * @param epoch at least 0
     */
    public void setEpoch(int epoch) {
        prefetcher.setEpoch(epoch);
    }

    /** @return the batch size */
    public int batch() {
        return data.batchSize();
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
}
