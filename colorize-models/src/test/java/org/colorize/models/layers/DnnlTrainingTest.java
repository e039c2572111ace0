package org.colorize.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link DnnlTraining} against libnd4j's own ops ({@code conv2d(_bp)}, {@code deconv2d(_bp)}) on the
 * same arrays: forward output, input gradient, weight gradient and bias gradient.
 */
class DnnlTrainingTest {

    private static final double TOL = 1e-4;

    @BeforeAll
    static void seed() {
        Nd4j.getRandom().setSeed(7);
    }

    /** Convolutions: channels first and last, 'same' and truncating, stride 2 on odd and even sizes. */
    @Test
    void convolutionEqualsLibnd4j() {
        for (boolean nhwc : new boolean[] {false, true}) {
            for (boolean same : new boolean[] {true, false}) {
                for (long h : new long[] {11, 10}) {
                    int[] k = {3, 3};
                    int[] s = {2, 1};
                    int[] p = same ? new int[] {0, 0} : new int[] {1, 1};
                    long n = 3;
                    long ic = 5;
                    long oc = 7;
                    long w = 9;
                    INDArray in = nhwc ? Nd4j.rand(DataType.FLOAT, n, h, w, ic) : Nd4j.rand(DataType.FLOAT, n, ic, h, w);
                    INDArray weights = Nd4j.rand(DataType.FLOAT, oc, ic, k[0], k[1]).subi(0.5);
                    INDArray bias = Nd4j.rand(DataType.FLOAT, oc);
                    int[] args = {k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, same ? 1 : 0, nhwc ? 1 : 0, 1};
                    INDArray expected = Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, weights, bias)
                            .addIntegerArguments(args).build())[0];
                    String what = (nhwc ? "NHWC" : "NCHW") + (same ? " same" : " truncate") + " height " + h;

                    DnnlTraining d = DnnlTraining.convolution(k, s, new int[] {1, 1}, same ? null : p, true, nhwc);
                    assertNotNull(d, "oneDNN did not load: " + DnnlInference.unavailableReason());
                    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, expected.shape());
                    assertTrue(d.forward(in, weights, bias, z), what);
                    assertEquals(0, z.sub(expected).amaxNumber().doubleValue(), TOL, what);

                    INDArray gradO = Nd4j.rand(DataType.FLOAT, expected.shape()).subi(0.5);
                    INDArray[] want = Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in, weights, bias, gradO)
                            .addIntegerArguments(args).build());
                    INDArray gradI = Nd4j.createUninitialized(DataType.FLOAT, in.shape());
                    INDArray gradW = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
                    INDArray gradB = Nd4j.createUninitialized(DataType.FLOAT, bias.shape());
                    assertTrue(d.backward(in, weights, gradO, gradI, gradW, gradB), what);
                    assertEquals(0, gradI.sub(want[0]).amaxNumber().doubleValue(), TOL, what + " input gradient");
                    assertEquals(0, gradW.sub(want[1]).amaxNumber().doubleValue(), TOL, what + " weight gradient");
                    assertEquals(0, gradB.sub(want[2]).amaxNumber().doubleValue(), TOL, what + " bias gradient");
                    // a second backward without a forward converts the input again: same gradients
                    INDArray gradW2 = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
                    assertTrue(d.backward(in, weights, gradO, gradI, gradW2, gradB), what);
                    assertEquals(gradW, gradW2, what);
                    d.close();
                }
            }
        }
    }

    /**
     * A 'same' transposed convolution, stride 2, kernel 3: libnd4j computes the (2n+1)-sided output of
     * padding 0 and the first 2n rows and columns are the answer; oneDNN computes those directly.
     */
    @Test
    void transposedConvolutionEqualsCroppedLibnd4j() {
        long n = 2;
        long ic = 6;
        long oc = 4;
        long h = 5;
        long w = 7;
        INDArray in = Nd4j.rand(DataType.FLOAT, n, ic, h, w);
        INDArray weights = Nd4j.rand(DataType.FLOAT, ic, oc, 3, 3).subi(0.5);
        int[] args = {3, 3, 2, 2, 0, 0, 1, 1, 0, 0, 1};
        INDArray full = Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(in, weights)
                .addIntegerArguments(args).build())[0];
        assertEquals(2 * h + 1, full.size(2));
        INDArray expected = full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * h),
                NDArrayIndex.interval(0, 2 * w));

        DnnlTraining d = DnnlTraining.deconvolution(new int[] {2, 2}, new int[] {0, 1, 0, 1}, true);
        assertNotNull(d, "oneDNN did not load: " + DnnlInference.unavailableReason());
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, n, oc, 2 * h, 2 * w);
        assertTrue(d.forward(in, weights, null, z));
        assertEquals(0, z.sub(expected).amaxNumber().doubleValue(), TOL);

        // backward: libnd4j's with the output gradient padded by a zero row and column
        INDArray gradO = Nd4j.rand(DataType.FLOAT, n, oc, 2 * h, 2 * w).subi(0.5);
        INDArray padded = Nd4j.zeros(DataType.FLOAT, full.shape());
        padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * h),
                NDArrayIndex.interval(0, 2 * w)).assign(gradO);
        INDArray bias = Nd4j.zeros(DataType.FLOAT, oc);
        INDArray[] want = Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(in, weights, bias, padded)
                .addIntegerArguments(args).build());
        INDArray gradI = Nd4j.createUninitialized(DataType.FLOAT, in.shape());
        INDArray gradW = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
        INDArray gradB = Nd4j.createUninitialized(DataType.FLOAT, 1, oc);
        assertTrue(d.backward(in, weights, gradO, gradI, gradW, gradB));
        assertEquals(0, gradI.sub(want[0]).amaxNumber().doubleValue(), TOL, "input gradient");
        assertEquals(0, gradW.sub(want[1]).amaxNumber().doubleValue(), TOL, "weight gradient");
        assertEquals(0, gradB.reshape(oc).sub(want[2]).amaxNumber().doubleValue(), TOL, "bias gradient");
        d.close();
    }

    /**
     * Layers share their thread's scratch block: a bigger layer between two calls of a smaller one
     * grows it, and the smaller one's next call still computes the same gradients.
     */
    @Test
    void layersShareAGrowingScratchBlock() {
        DnnlTraining small = DnnlTraining.convolution(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, null, true,
                false);
        DnnlTraining big = DnnlTraining.convolution(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, null, false,
                true);
        assertNotNull(small);
        INDArray in = Nd4j.rand(DataType.FLOAT, 2, 3, 6, 5);
        INDArray weights = Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 4);
        INDArray gradO = Nd4j.rand(DataType.FLOAT, 2, 4, 6, 5);
        INDArray[] first = smallStep(small, in, weights, bias, gradO);

        INDArray bigIn = Nd4j.rand(DataType.FLOAT, 4, 64, 48, 16);
        INDArray bigZ = Nd4j.createUninitialized(DataType.FLOAT, 4, 64, 48, 32);
        assertTrue(big.forward(bigIn, Nd4j.rand(DataType.FLOAT, 32, 16, 3, 3), null, bigZ));

        INDArray[] again = smallStep(small, in, weights, bias, gradO);
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], again[i], "result " + i);
        }
        small.close();
        big.close();
    }

    private static INDArray[] smallStep(DnnlTraining d, INDArray in, INDArray weights, INDArray bias, INDArray gradO) {
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, gradO.shape());
        INDArray gradI = Nd4j.createUninitialized(DataType.FLOAT, in.shape());
        INDArray gradW = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
        INDArray gradB = Nd4j.createUninitialized(DataType.FLOAT, bias.shape());
        assertTrue(d.forward(in, weights, bias, z));
        assertTrue(d.backward(in, weights, gradO, gradI, gradW, gradB));
        return new INDArray[] {z, gradI, gradW, gradB};
    }

    /** A truncating convolution that drops input beyond its padding is left to libnd4j. */
    @Test
    void refusesPaddingOneDnnCannotTake() {
        DnnlTraining d = DnnlTraining.convolution(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                new int[] {0, 0}, false, false);
        assertNotNull(d);
        INDArray in = Nd4j.rand(DataType.FLOAT, 1, 2, 10, 10);   // (10 - 3) / 2 + 1 = 4 rows: the last one dropped
        INDArray z = Nd4j.zeros(DataType.FLOAT, 1, 3, 4, 4);
        assertFalse(d.forward(in, Nd4j.rand(DataType.FLOAT, 3, 2, 3, 3), null, z));
        assertEquals(0.0, z.amaxNumber().doubleValue());
        d.close();
    }

    /** -Dcolorize.dnnl.training=false turns the path off. */
    @Test
    void switchedOffByProperty() {
        System.setProperty(DnnlTraining.ENABLED_PROPERTY, "false");
        try {
            assertNull(DnnlTraining.deconvolution(new int[] {2, 2}, new int[] {0, 1, 0, 1}, true));
            assertNull(DnnlTraining.convolution(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, null, true, true));
        } finally {
            System.clearProperty(DnnlTraining.ENABLED_PROPERTY);
        }
    }
}
