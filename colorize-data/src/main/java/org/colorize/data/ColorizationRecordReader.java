package org.colorize.data;

import java.io.DataInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.colorize.core.model.ModelKind;
import org.colorize.data.augment.RandomStream;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.SplitSources;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;

/**
 * A DataVec {@code RecordReader} whose records are (network input, target) of a model's
 * {@link org.colorize.core.encoding.Encoding}: two {@link NDArrayWritable}s, the features
 * {@code [1, C, H, W]} and the labels {@code [1, Q, H/s, W/s]}, made exactly as
 * {@link ColorizationData}'s own iterators make them (same fit, augmentation, 8-bit gray option, seed,
 * per-epoch shuffle). So DL4J's {@code RecordReaderDataSetIterator} trains our networks:
 *
 * <pre>{@code
 * ColorizationData data = ColorizationData.builder().cifar(batch1).forModel(unet.metadata())
 *         .size(32, 32).augment(a -> a.horizontalFlip()).build();
 * RecordReader reader = new ColorizationRecordReader(data);
 * reader.initialize(new FileSplit(new File("photos"), new String[] {"jpg"}, new Random(1)));  // or
 * reader.initialize(SplitSources.split(data.source()));
 * DataSetIterator it = new RecordReaderDataSetIterator.Builder(reader, 64).regression(1).build();
 * unet.network().fit(it);
 * }</pre>
 *
 * <p>The split given to {@link #initialize(InputSplit)} replaces the data's source: a split from
 * {@link SplitSources#split} is read from its source directly, any other split as image files. A
 * {@link #reset()} after the last record starts the next epoch (its shuffle and augmentations).
 * Fusion models ({@link ModelKind#L_EMBEDDING_TO_AB}) have two inputs and are not supported here: use
 * {@link ColorizationData#multiIterator()}. Not thread-safe.
 */
public final class ColorizationRecordReader extends BaseRecordReader {

    private static final long serialVersionUID = 1L;

    private final transient ColorizationData template;
    private transient ColorizationData data;
    private transient BatchAssembler assembler;
    private transient int[] order;
    private int position;
    private int epoch;
    private boolean handedOut;
    private transient List<Writable> peeked;
    private int peekedIndex;
    private Configuration conf;

    /**
     * @param data the encoding, size, fit, augmentation, gray option, shuffle and seed to use (its source
     *     and batch size are not: records come one by one from the split given to {@link #initialize})
     * @throws IllegalArgumentException for a fusion model's data, which has two inputs
     */
    public ColorizationRecordReader(ColorizationData data) {
        this.template = Objects.requireNonNull(data, "data");
        if (data.encoding() == ModelKind.L_EMBEDDING_TO_AB) {
            throw new IllegalArgumentException("a record reader gives one input; L_EMBEDDING_TO_AB has two (L and the "
                    + "embedding): use ColorizationData.multiIterator()");
        }
    }

    @Override
    public void initialize(InputSplit split) {
        super.inputSplit = Objects.requireNonNull(split, "split");
        ImageSource source = split instanceof SplitSources.SourceSplit s ? s.source() : SplitSources.source(split);
        data = template.toBuilder().source(source).build();
        assembler = new BatchAssembler(data);
        startEpoch(0);
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        setConf(conf);
        initialize(split);
    }

    private void startEpoch(int e) {
        epoch = e;
        int n = data.source().size();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (data.shuffle()) {
            RandomStream.of(data.seed(), e, -1).shuffle(order);
        }
        position = 0;
        handedOut = false;
        peeked = null;
    }

    private void checkInitialized() {
        if (data == null) {
            throw new IllegalStateException("call initialize(InputSplit) first");
        }
    }

    @Override
    public boolean hasNext() {
        checkInitialized();
        while (peeked == null && position < order.length) {
            int index = order[position++];
            Batch b = assembler.assemble(epoch, new int[] {index}, () -> false);
            if (b.count() == 1) {
                peeked = List.of(new NDArrayWritable(b.features()[0]), new NDArrayWritable(b.labels()[0]));
                peekedIndex = index;
            }
        }
        return peeked != null;
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public Record nextRecord() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more records (call reset())");
        }
        List<Writable> r = peeked;
        peeked = null;
        handedOut = true;
        invokeListeners(r);
        return new org.datavec.api.records.impl.Record(r, meta(peekedIndex));
    }

    private RecordMetaData meta(int index) {
        return new RecordMetaDataIndex(index, URI.create(SplitSources.SCHEME + ":/" + index), ColorizationRecordReader.class);
    }

    /** @return the current epoch, from 0 */
    public int epoch() {
        return epoch;
    }

    /**
     * Starts the next epoch when this one was read to its end, else restarts this one (DL4J's iterators
     * read a first record and reset to learn the shapes; that must not cost an epoch).
     */
    @Override
    public void reset() {
        checkInitialized();
        boolean finished = handedOut && peeked == null && position >= order.length;
        startEpoch(finished ? epoch + 1 : epoch);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** @return no labels: the targets are colour, not classes */
    @Override
    public List<String> getLabels() {
        return null;
    }

    /**
     * Not supported: records are made from the pictures of the split, at the positions the reader chooses.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("ColorizationRecordReader reads pictures through its split, not streams");
    }

    @Override
    public Record loadFromMetaData(RecordMetaData recordMetaData) {
        checkInitialized();
        int index = (int) ((RecordMetaDataIndex) recordMetaData).getIndex();
        Batch b = assembler.assemble(epoch, new int[] {index}, () -> false);
        if (b.count() != 1) {
            throw new IllegalStateException("picture " + data.source().origin(index) + " cannot be read");
        }
        return new org.datavec.api.records.impl.Record(
                List.of(new NDArrayWritable(b.features()[0]), new NDArrayWritable(b.labels()[0])), recordMetaData);
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> list) {
        List<Record> out = new ArrayList<>(list.size());
        for (RecordMetaData m : list) {
            out.add(loadFromMetaData(m));
        }
        return out;
    }

    @Override
    public void close() {
        // nothing held open
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
