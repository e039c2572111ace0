package org.colorize.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.deconvolution_backward_data;
import org.bytedeco.dnnl.deconvolution_backward_weights;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_desc;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The convolutions of {@link OneDnnConvolution2DLayer} and the transposed convolutions of
 * {@link OneDnnDeconvolution2DLayer} in training, through oneDNN's own API (the JavaCPP {@code dnnl}
 * preset that {@link DnnlInference} loads) instead of libnd4j's {@code conv2d(_bp)} and
 * {@code deconv2d(_bp)} ops.
 *
 * <p>What makes it cheaper than those ops: libnd4j converts its operands into oneDNN's blocked layouts
 * on every call, the output gradient once for the data gradient and once more for the weight gradient
 * (even when both take the same layout), and the layer input in the forward pass and again for the
 * weight gradient. Here each is converted once: the output gradient once per distinct layout, and the
 * input converted in the forward pass is kept for the weight gradient. For a channels-last network
 * (the Lab CNN at 256x256) these conversions were about 40% of oneDNN's time in training. And
 * libnd4j's transposed convolution takes one padding per axis, so a 'same' one with stride 2 and
 * kernel 3 (padding 0 before, 1 after) had to compute a (2n+1)-sided output and crop it, and pad the
 * output gradient back in backprop; oneDNN takes the padding before and after separately, so this
 * computes exactly the 2n-sided output.
 *
 * <p>One instance per layer; primitives are made once per input shape (the last {@value #MAX_SHAPES}
 * shapes are kept). Not thread-safe (neither is a DL4J layer). It takes float32 arrays dense in C
 * order; for other arrays, and for a shape oneDNN has no primitive for, {@link #forward} and
 * {@link #backward} return false and the caller runs libnd4j's ops. A transposed convolution's bias
 * is added by the caller (oneDNN 2.5 adds it in scalar code); a convolution's is added here. Turned
 * off with
 * {@code -D}{@value #ENABLED_PROPERTY}{@code =false}.
 */
final class DnnlTraining implements AutoCloseable {

    /** System property: {@code false} makes training use libnd4j's ops (read when a layer first trains). */
    static final String ENABLED_PROPERTY = "colorize.dnnl.training";
    /** The number of input shapes whose primitives one instance keeps. */
    static final int MAX_SHAPES = 4;

    private final boolean transposed;
    private final int[] stride;
    private final int[] dilation;
    private final int[] pad;        // a transposed convolution's {top, bottom, left, right}
    private final int[] kernel;     // a convolution's (its padding depends on the input size)
    private final int[] convPad;    // a truncating convolution's padding before, or null for 'same'
    private final boolean bias;
    private final boolean channelsLast;
    private final LinkedHashMap<String, Prims> byShape = new LinkedHashMap<>(8, 0.75f, true);
    private final Set<String> rejected = new HashSet<>();
    private stream strm;

    private DnnlTraining(boolean transposed, int[] stride, int[] dilation, int[] pad, int[] kernel, int[] convPad,
            boolean bias, boolean channelsLast) {
        this.transposed = transposed;
        this.stride = stride.clone();
        this.dilation = dilation.clone();
        this.pad = pad == null ? null : pad.clone();
        this.kernel = kernel == null ? null : kernel.clone();
        this.convPad = convPad == null ? null : convPad.clone();
        this.bias = bias;
        this.channelsLast = channelsLast;
    }

    /**
     * A transposed convolution: NCHW arrays, weights [iC, oC, kH, kW], no dilation.
     *
     * @param stride the strides (height, width)
     * @param pad the padding {top, bottom, left, right}
     * @param bias whether the layer has a bias (its gradient is computed here; the caller adds it)
     * @return the oneDNN path, or null when it is switched off or oneDNN did not load
     */
    static DnnlTraining deconvolution(int[] stride, int[] pad, boolean bias) {
        return enabled() ? new DnnlTraining(true, stride, new int[] {1, 1}, pad, null, null, bias, false) : null;
    }

    /**
     * A convolution: weights [oC, iC, kH, kW]. Its padding follows from the input and output sizes:
     * 'same' pads the odd one out after (as DL4J and libnd4j do), a truncating one pads
     * {@code padding} before and what the output size needs after.
     *
     * @param kernel the kernel size (height, width)
     * @param stride the strides (height, width)
     * @param dilation the dilations (height, width; 1 for none)
     * @param padding the padding before (height, width) of a truncating convolution; null for 'same'
     * @param bias whether the layer has a bias
     * @param channelsLast whether the layer's arrays are NHWC (else NCHW)
     * @return the oneDNN path, or null when it is switched off or oneDNN did not load
     */
    static DnnlTraining convolution(int[] kernel, int[] stride, int[] dilation, int[] padding, boolean bias,
            boolean channelsLast) {
        return enabled() ? new DnnlTraining(false, stride, dilation, null, kernel, padding, bias, channelsLast) : null;
    }

    /**
     * @return the padding {top, bottom, left, right} for these shapes, or null when oneDNN cannot take
     *     it (a truncating convolution that drops more input than its padding adds)
     */
    private long[] padding(long[] inShape, long[] outShape) {
        if (transposed) {
            return new long[] {pad[0], pad[1], pad[2], pad[3]};
        }
        long[] p = new long[4];
        for (int axis = 0; axis < 2; axis++) {
            int dim = (channelsLast ? 1 : 2) + axis;
            long span = (long) (kernel[axis] - 1) * dilation[axis] + 1;
            long total = (outShape[dim] - 1) * stride[axis] + span - inShape[dim];
            long before = convPad == null ? Math.max(total, 0) / 2 : convPad[axis];
            long after = total - before;
            if (before < 0 || after < 0) {
                return null;
            }
            p[2 * axis] = before;
            p[2 * axis + 1] = after;
        }
        return p;
    }

    private static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY)) && DnnlInference.available();
    }

    /** @return whether oneDNN can take these arrays as they are: float32, dense in C order */
    private static boolean plain(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.isEmpty() || !DnnlInference.contiguous(a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * z = the (transposed) convolution of {@code in}, plus the bias for a convolution. Keeps {@code in}
     * in oneDNN's layout for the {@link #backward} that follows.
     *
     * @param in the input
     * @param weights the weights
     * @param biasParam the bias of a convolution, else null
     * @param z the output; written
     * @return false when oneDNN cannot take these arrays (not float32 and dense in C order) or shapes;
     *     nothing was written then
     */
    boolean forward(INDArray in, INDArray weights, INDArray biasParam, INDArray z) {
        if (!plain(in, weights, z) || (biasParam != null && !plain(biasParam))) {
            return false;
        }
        Prims p = prims(in, weights, z);
        if (p == null) {
            return false;
        }
        p.uIn.set_data_handle(in.data().addressPointer());
        p.uW.set_data_handle(weights.data().addressPointer());
        p.uZ.set_data_handle(z.data().addressPointer());
        if (p.uB != null) {
            p.uB.set_data_handle(biasParam.data().addressPointer());
        }
        p.run(p.forward, strm);
        strm._wait();
        p.srcOf = in;
        p.srcAddress = in.data().address();
        return true;
    }

    /**
     * The gradients of a {@link #forward} with the same input and weights.
     *
     * @param in the forward input
     * @param weights the weights
     * @param delta the gradient with respect to z (copied first when it is not dense in C order)
     * @param epsOut the gradient with respect to {@code in}; written
     * @param weightGrad the weight gradient, shaped like the weights; written
     * @param biasGrad the bias gradient ([1, oC] or [oC]); written; null without a bias
     * @return false when oneDNN cannot take these arrays (not float32 and dense in C order) or shapes;
     *     nothing was written then
     */
    boolean backward(INDArray in, INDArray weights, INDArray delta, INDArray epsOut, INDArray weightGrad,
            INDArray biasGrad) {
        if (!plain(in, weights, epsOut, weightGrad) || (biasGrad != null && !plain(biasGrad))) {
            return false;
        }
        if (!plain(delta)) {
            delta = delta.dup('c');
        }
        Prims p = prims(in, weights, delta);
        if (p == null) {
            return false;
        }
        p.uIn.set_data_handle(in.data().addressPointer());
        p.uW.set_data_handle(weights.data().addressPointer());
        p.uDelta.set_data_handle(delta.data().addressPointer());
        p.uEps.set_data_handle(epsOut.data().addressPointer());
        p.uDW.set_data_handle(weightGrad.data().addressPointer());
        if (bias) {
            p.uDB.set_data_handle(biasGrad.data().addressPointer());
        }
        boolean srcReady = p.srcOf == in && p.srcAddress == in.data().address();
        p.run(srcReady ? p.backwardKeptSource : p.backward, strm);
        strm._wait();
        p.srcOf = null;
        return true;
    }

    private Prims prims(INDArray in, INDArray weights, INDArray out) {
        String key = Arrays.toString(in.shape()) + Arrays.toString(weights.shape()) + Arrays.toString(out.shape());
        Prims p = byShape.get(key);
        if (p == null) {
            long[] padding = padding(in.shape(), out.shape());
            if (padding == null) {
                return null;
            }
            if (strm == null) {
                strm = new stream(DnnlInference.engine());
            }
            if (rejected.contains(key)) {
                return null;
            }
            try {
                p = new Prims(in.shape(), weights.shape(), out.shape(), padding);
            } catch (RuntimeException e) {
                rejected.add(key); // oneDNN has no primitive for this shape (dnnl::error): libnd4j's ops then
                return null;
            }
            byShape.put(key, p);
            if (byShape.size() > MAX_SHAPES) {
                Iterator<Map.Entry<String, Prims>> it = byShape.entrySet().iterator();
                it.next().getValue().close();
                it.remove();
            }
        }
        return p;
    }

    @Override
    public void close() {
        for (Prims p : byShape.values()) {
            p.close();
        }
        byShape.clear();
        if (strm != null) {
            strm.close();
            strm = null;
        }
    }

    /** The primitives, buffers and steps for one input shape. */
    private final class Prims implements AutoCloseable {
        final List<Pointer> owned = new ArrayList<>();
        final engine eng = DnnlInference.engine();
        // user memories: DL4J's arrays (handles set on every call)
        final memory uIn;
        final memory uW;
        final memory uZ;
        final memory uDelta;
        final memory uEps;
        final memory uDW;
        final memory uDB;
        final memory uB;    // a convolution's bias (the forward pass adds it)
        final List<Step> forward = new ArrayList<>();
        final List<Step> backward = new ArrayList<>();
        final List<Step> backwardKeptSource = new ArrayList<>();
        INDArray srcOf;     // the input whose conversion the forward pass left in the source buffer
        long srcAddress;
        final List<memory> scratchMems = new ArrayList<>();
        final List<Long> scratchOffsets = new ArrayList<>();
        long scratchBytes;
        BytePointer scratchBlock;   // the block the scratch handles point into

        Prims(long[] inShape, long[] wShape, long[] outShape, long[] padding) {
            try {
                long[] src = nchw(inShape);
                long[] dst = nchw(outShape);
                // oneDNN's weights are {oC, iC, kH, kW}: DL4J's [oC, iC, kH, kW] (oihw) for a
                // convolution, [iC, oC, kH, kW] (iohw) for a transposed one
                long[] wd = transposed ? new long[] {wShape[1], wShape[0], wShape[2], wShape[3]} : wShape.clone();
                long[] st = {stride[0], stride[1]};
                long[] dl = {dilation[0] - 1, dilation[1] - 1};
                long[] pl = {padding[0], padding[2]};
                long[] pr = {padding[1], padding[3]};
                memory.format_tag userTag = channelsLast ? memory.format_tag.nhwc : memory.format_tag.nchw;
                memory.desc userSrc = own(new memory.desc(src, memory.data_type.f32, userTag));
                memory.desc userDst = own(new memory.desc(dst, memory.data_type.f32, userTag));
                memory.desc userW = own(new memory.desc(wd, memory.data_type.f32,
                        transposed ? memory.format_tag.iohw : memory.format_tag.oihw));
                memory.desc biasD = bias ? own(new memory.desc(new long[] {wd[0]}, memory.data_type.f32,
                        memory.format_tag.x)) : null;
                memory.desc anySrc = any(src);
                memory.desc anyDst = any(dst);
                memory.desc anyW = any(wd);

                primitive_desc fpd;
                primitive_desc dpd;
                primitive_desc wpd;
                primitive fwd;
                primitive bwdData;
                primitive bwdWeights;
                if (transposed) {
                    algorithm alg = algorithm.deconvolution_direct;
                    deconvolution_forward.primitive_desc f = own(new deconvolution_forward.primitive_desc(
                            own(new deconvolution_forward.desc(prop_kind.forward_training, alg, anySrc, anyW, anyDst,
                                    st, pl, pr)), eng));
                    fpd = f;
                    dpd = own(new deconvolution_backward_data.primitive_desc(own(new deconvolution_backward_data.desc(
                            alg, anySrc, anyW, anyDst, st, pl, pr)), eng, f));
                    wpd = own(bias
                            ? new deconvolution_backward_weights.primitive_desc(own(new deconvolution_backward_weights.desc(
                                    alg, anySrc, anyW, biasD, anyDst, st, pl, pr)), eng, f)
                            : new deconvolution_backward_weights.primitive_desc(own(new deconvolution_backward_weights.desc(
                                    alg, anySrc, anyW, anyDst, st, pl, pr)), eng, f));
                    fwd = own(new deconvolution_forward(f));
                    bwdData = own(new deconvolution_backward_data((deconvolution_backward_data.primitive_desc) dpd));
                    bwdWeights = own(new deconvolution_backward_weights(
                            (deconvolution_backward_weights.primitive_desc) wpd));
                } else {
                    // convolution_auto, as libnd4j asks: oneDNN may take Winograd for the weight gradient
                    algorithm alg = algorithm.convolution_auto;
                    convolution_forward.primitive_desc f = own(new convolution_forward.primitive_desc(own(bias
                            ? new convolution_forward.desc(prop_kind.forward_training, alg, anySrc, anyW, biasD, anyDst,
                                    st, dl, pl, pr)
                            : new convolution_forward.desc(prop_kind.forward_training, alg, anySrc, anyW, anyDst,
                                    st, dl, pl, pr)), eng));
                    fpd = f;
                    dpd = own(new convolution_backward_data.primitive_desc(own(new convolution_backward_data.desc(
                            alg, anySrc, anyW, anyDst, st, dl, pl, pr)), eng, f));
                    wpd = own(bias
                            ? new convolution_backward_weights.primitive_desc(own(new convolution_backward_weights.desc(
                                    alg, anySrc, anyW, biasD, anyDst, st, dl, pl, pr)), eng, f)
                            : new convolution_backward_weights.primitive_desc(own(new convolution_backward_weights.desc(
                                    alg, anySrc, anyW, anyDst, st, dl, pl, pr)), eng, f));
                    fwd = own(new convolution_forward(f));
                    bwdData = own(new convolution_backward_data((convolution_backward_data.primitive_desc) dpd));
                    bwdWeights = own(new convolution_backward_weights((convolution_backward_weights.primitive_desc) wpd));
                }

                uIn = own(new memory(userSrc, eng, (Pointer) null));
                uW = own(new memory(userW, eng, (Pointer) null));
                uZ = own(new memory(userDst, eng, (Pointer) null));
                uDelta = own(new memory(userDst, eng, (Pointer) null));
                uEps = own(new memory(userSrc, eng, (Pointer) null));
                uDW = own(new memory(userW, eng, (Pointer) null));
                uDB = bias ? own(new memory(biasD, eng, (Pointer) null)) : null;
                uB = bias && !transposed ? own(new memory(biasD, eng, (Pointer) null)) : null;

                // forward: the input into the forward layout (a buffer of this layer's, kept for the
                // weight gradient), the weights, the (transposed) convolution, z out
                memory.desc fsd = own(fpd.src_desc());
                memory fSrc = same(uIn, fsd) ? uIn : own(new memory(fsd, eng));
                convert(forward, uIn, fSrc);
                memory fW = into(forward, uW, own(fpd.weights_desc()));
                memory fDst = buffer(own(fpd.dst_desc()), uZ);
                if (uB != null) {
                    step(forward, fwd, DNNL_ARG_SRC, fSrc, DNNL_ARG_WEIGHTS, fW, DNNL_ARG_BIAS, uB, DNNL_ARG_DST, fDst);
                } else {
                    step(forward, fwd, DNNL_ARG_SRC, fSrc, DNNL_ARG_WEIGHTS, fW, DNNL_ARG_DST, fDst);
                }
                convert(forward, fDst, uZ);

                // backward: the input for the weight gradient (from the kept forward conversion, or
                // from DL4J's array when no forward pass preceded), then the output gradient once per
                // layout, the data gradient, the weight gradient
                memory.desc ws = own(wpd.src_desc());
                memory wSrc = same(fSrc, ws) ? fSrc : same(uIn, ws) ? uIn : scratch(ws);
                if (wSrc != uIn) {
                    convert(backwardKeptSource, fSrc, wSrc);
                    convert(backward, uIn, wSrc);
                }
                List<Step> tail = new ArrayList<>();
                memory.desc dd = own(dpd.diff_dst_desc());
                memory.desc wd2 = own(wpd.diff_dst_desc());
                memory dDiffDst = into(tail, uDelta, dd);
                memory wDiffDst = dd.equals(wd2) ? dDiffDst : into(tail, uDelta, wd2);
                memory dW = into(tail, uW, own(dpd.weights_desc()));
                memory dSrc = buffer(own(dpd.diff_src_desc()), uEps);
                step(tail, bwdData, DNNL_ARG_DIFF_DST, dDiffDst, DNNL_ARG_WEIGHTS, dW, DNNL_ARG_DIFF_SRC, dSrc);
                convert(tail, dSrc, uEps);
                memory dWeights = buffer(own(wpd.diff_weights_desc()), uDW);
                if (bias) {
                    step(tail, bwdWeights, DNNL_ARG_SRC, wSrc, DNNL_ARG_DIFF_DST, wDiffDst,
                            DNNL_ARG_DIFF_WEIGHTS, dWeights, DNNL_ARG_DIFF_BIAS, uDB);
                } else {
                    step(tail, bwdWeights, DNNL_ARG_SRC, wSrc, DNNL_ARG_DIFF_DST, wDiffDst,
                            DNNL_ARG_DIFF_WEIGHTS, dWeights);
                }
                convert(tail, dWeights, uDW);
                backward.addAll(tail);
                backwardKeptSource.addAll(tail);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** DL4J's shape as oneDNN's logical {N, C, H, W}. */
        long[] nchw(long[] shape) {
            return channelsLast ? new long[] {shape[0], shape[3], shape[1], shape[2]} : shape.clone();
        }

        boolean same(memory m, memory.desc md) {
            return own(m.get_desc()).equals(md);
        }

        memory.desc any(long[] dims) {
            return own(new memory.desc(dims, memory.data_type.f32, memory.format_tag.any));
        }

        /** A buffer in layout {@code md}: {@code user} itself when that is its layout, else scratch. */
        memory buffer(memory.desc md, memory user) {
            return same(user, md) ? user : scratch(md);
        }

        /** {@code from} converted to layout {@code md} (in scratch) by a step of {@code steps}; none when it is in it. */
        memory into(List<Step> steps, memory from, memory.desc md) {
            if (same(from, md)) {
                return from;
            }
            memory to = scratch(md);
            convert(steps, from, to);
            return to;
        }

        /** A step of {@code steps} that converts {@code from} into {@code to} (none when they are one). */
        void convert(List<Step> steps, memory from, memory to) {
            if (from != to) {
                step(steps, own(new reorder(from, to)), DNNL_ARG_SRC, from, DNNL_ARG_DST, to);
            }
        }

        /**
         * A buffer that lives only during one call: a slice of the calling thread's scratch block,
         * shared by every layer (its handle is set when the call starts).
         */
        memory scratch(memory.desc md) {
            memory m = own(new memory(md, eng, (Pointer) null));
            scratchMems.add(m);
            scratchOffsets.add(scratchBytes);
            scratchBytes += (md.get_size() + SCRATCH_ALIGN - 1) / SCRATCH_ALIGN * SCRATCH_ALIGN;
            return m;
        }

        void step(List<Step> steps, primitive prim, Object... keysAndMems) {
            IntMemoryMap map = own(new IntMemoryMap());
            for (int i = 0; i < keysAndMems.length; i += 2) {
                map.put((Integer) keysAndMems[i], (memory) keysAndMems[i + 1]);
            }
            steps.add(new Step(prim, map));
        }

        void run(List<Step> steps, stream s) {
            if (scratchBytes > 0) {
                Scratch sc = SCRATCH.get();
                BytePointer block = sc.block(scratchBytes);
                if (block != scratchBlock) {
                    for (int i = 0; i < scratchMems.size(); i++) {
                        // a pointer argument's position is added to the address in bytes
                        scratchMems.get(i).set_data_handle(new BytePointer(block).position(sc.skip + scratchOffsets.get(i)));
                    }
                    scratchBlock = block;
                }
            }
            for (Step st : steps) {
                st.prim.execute(s, st.args);
            }
        }

        <T extends Pointer> T own(T p) {
            owned.add(p);
            return p;
        }

        @Override
        public void close() {
            for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).close();
            }
            owned.clear();
        }
    }

    private record Step(primitive prim, IntMemoryMap args) {
    }

    /** Byte alignment of the scratch buffers (a cache line, what oneDNN aligns its own to). */
    private static final long SCRATCH_ALIGN = 64;

    /**
     * Each thread's scratch block: the buffers that live only during one call (converted weights and
     * output gradients, results before their conversion into DL4J's layouts), shared by all layers
     * that train on the thread. It grows to the largest call's need and is freed with the thread.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        private BytePointer raw;
        private long skip;      // bytes from raw's address to the first aligned one
        private long size;

        /** @return the block (at least {@code need} bytes after {@link #skip}); a new one when it grew */
        BytePointer block(long need) {
            if (need > size) {
                if (raw != null) {
                    raw.close();
                }
                raw = new BytePointer(need + SCRATCH_ALIGN);
                long rest = raw.address() % SCRATCH_ALIGN;
                skip = rest == 0 ? 0 : SCRATCH_ALIGN - rest;
                size = need;
            }
            return raw;
        }
    }
}
