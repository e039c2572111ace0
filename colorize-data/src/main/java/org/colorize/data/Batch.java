package org.colorize.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One assembled batch: the network's inputs and labels for {@code count} images. */
record Batch(INDArray[] features, INDArray[] labels, int count) {

    static final Batch EMPTY = new Batch(new INDArray[0], new INDArray[0], 0);
}
