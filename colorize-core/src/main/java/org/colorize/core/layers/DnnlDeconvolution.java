package org.colorize.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.deconvolution_backward_data;
import org.bytedeco.dnnl.deconvolution_backward_weights;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The transposed convolution of {@link OneDnnDeconvolution2DLayer} in training, through oneDNN's own
 * API (the JavaCPP {@code dnnl} preset that {@link DnnlInference} loads) instead of libnd4j's
 * {@code deconv2d} / {@code deconv2d_bp} ops.
 *
 * <p>Two things make it cheaper than those ops. libnd4j's ops take one padding per axis, so a 'same'
 * transposed convolution with stride 2 and kernel 3 (padding 0 before, 1 after) had to compute a
 * (2n+1)-sided output and crop it, and pad the output gradient back in backprop; oneDNN takes the
 * padding before and after separately, so this computes exactly the 2n-sided output. And libnd4j
 * converts its operands into oneDNN's blocked layouts on every call, the layer input twice (forward
 * and weight gradient) and the output gradient twice (data and weight gradients); here the input
 * converted in the forward pass is kept for the weight gradient, and the output gradient is
 * converted once when both backward primitives take the same layout.
 *
 * <p>One instance per layer; primitives and their layout buffers are made once per input shape (the
 * last {@value #MAX_SHAPES} shapes are kept). Not thread-safe (neither is a DL4J layer). Float32,
 * NCHW, no dilation; the bias is added by the caller (oneDNN 2.5 adds a transposed convolution's bias
 * in scalar code). Turned off with {@code -D}{@value #ENABLED_PROPERTY}{@code =false}.
 */
final class DnnlDeconvolution implements AutoCloseable {

    /** System property: {@code false} makes training use libnd4j's ops (read when a layer first trains). */
    static final String ENABLED_PROPERTY = "colorize.dnnl.training";
    /** The number of input shapes whose primitives one instance keeps. */
    static final int MAX_SHAPES = 4;

    private final int[] stride;
    private final int[] pad;
    private final boolean bias;
    private final LinkedHashMap<String, Prims> byShape = new LinkedHashMap<>(8, 0.75f, true);
    private stream strm;

    private DnnlDeconvolution(int[] stride, int[] pad, boolean bias) {
        this.stride = stride.clone();
        this.pad = pad.clone();
        this.bias = bias;
    }

    /**
     * @param stride the strides (height, width)
     * @param pad the padding {top, bottom, left, right}
     * @param bias whether the layer has a bias (its gradient is computed here)
     * @return the oneDNN path, or null when it is switched off or oneDNN did not load
     */
    static DnnlDeconvolution create(int[] stride, int[] pad, boolean bias) {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY)) || !DnnlInference.available()) {
            return null;
        }
        return new DnnlDeconvolution(stride, pad, bias);
    }

    /** @return whether oneDNN can take these arrays as they are: float32, dense in C order */
    static boolean plain(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.isEmpty()) {
                return false;
            }
            long expected = 1;
            for (int d = a.rank() - 1; d >= 0; d--) {
                if (a.size(d) != 1 && a.stride(d) != expected) {
                    return false;
                }
                expected *= a.size(d);
            }
        }
        return true;
    }

    /**
     * z = the transposed convolution of {@code in} (no bias). Keeps {@code in} in oneDNN's layout for
     * the {@link #backward} that follows.
     *
     * @param in [N, iC, H, W], plain
     * @param weights [iC, oC, kH, kW], plain
     * @param z [N, oC, H * sH, W * sW], plain; written
     */
    void forward(INDArray in, INDArray weights, INDArray z) {
        Prims p = prims(in, weights);
        p.uIn.set_data_handle(in.data().addressPointer());
        p.uW.set_data_handle(weights.data().addressPointer());
        p.uZ.set_data_handle(z.data().addressPointer());
        p.run(p.forward, strm);
        strm._wait();
        p.srcOf = in;
        p.srcAddress = in.data().address();
    }

    /**
     * The gradients of a {@link #forward} with the same input and weights.
     *
     * @param in the forward input (plain)
     * @param weights the weights (plain)
     * @param delta the gradient with respect to z (plain)
     * @param epsOut the gradient with respect to {@code in}; written (plain)
     * @param weightGrad the weight gradient, shaped like the weights; written (plain)
     * @param biasGrad the bias gradient ([1, oC] or [oC], plain); written; null without a bias
     */
    void backward(INDArray in, INDArray weights, INDArray delta, INDArray epsOut, INDArray weightGrad,
            INDArray biasGrad) {
        Prims p = prims(in, weights);
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
    }

    private Prims prims(INDArray in, INDArray weights) {
        String key = Arrays.toString(in.shape()) + Arrays.toString(weights.shape());
        Prims p = byShape.get(key);
        if (p == null) {
            if (strm == null) {
                strm = new stream(DnnlInference.engine());
            }
            p = new Prims(in.shape(), weights.shape());
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
        final List<Step> forward = new ArrayList<>();
        final List<Step> backward = new ArrayList<>();
        final List<Step> backwardKeptSource = new ArrayList<>();
        INDArray srcOf;     // the input whose conversion the forward pass left in the source buffer
        long srcAddress;

        Prims(long[] inShape, long[] wShape) {
            try {
                long n = inShape[0];
                long ic = inShape[1];
                long oc = wShape[1];
                long[] src = inShape.clone();
                long[] dst = {n, oc, inShape[2] * stride[0], inShape[3] * stride[1]};
                long[] wd = {oc, ic, wShape[2], wShape[3]};
                long[] st = {stride[0], stride[1]};
                long[] pl = {pad[0], pad[2]};
                long[] pr = {pad[1], pad[3]};
                memory.desc nchwSrc = own(new memory.desc(src, memory.data_type.f32, memory.format_tag.nchw));
                memory.desc nchwDst = own(new memory.desc(dst, memory.data_type.f32, memory.format_tag.nchw));
                // DL4J's [iC, oC, kH, kW] in C order, seen as oneDNN's {oC, iC, kH, kW}
                memory.desc userW = own(new memory.desc(wd, memory.data_type.f32, memory.format_tag.iohw));
                memory.desc biasD = bias ? own(new memory.desc(new long[] {oc}, memory.data_type.f32,
                        memory.format_tag.x)) : null;
                memory.desc anySrc = any(src);
                memory.desc anyDst = any(dst);
                memory.desc anyW = any(wd);

                deconvolution_forward.primitive_desc fpd = own(new deconvolution_forward.primitive_desc(
                        own(new deconvolution_forward.desc(prop_kind.forward_training, algorithm.deconvolution_direct,
                                anySrc, anyW, anyDst, st, pl, pr)), eng));
                deconvolution_backward_data.primitive_desc dpd = own(new deconvolution_backward_data.primitive_desc(
                        own(new deconvolution_backward_data.desc(algorithm.deconvolution_direct, anySrc, anyW, anyDst,
                                st, pl, pr)), eng, fpd));
                deconvolution_backward_weights.primitive_desc wpd = own(bias
                        ? new deconvolution_backward_weights.primitive_desc(own(new deconvolution_backward_weights.desc(
                                algorithm.deconvolution_direct, anySrc, anyW, biasD, anyDst, st, pl, pr)), eng, fpd)
                        : new deconvolution_backward_weights.primitive_desc(own(new deconvolution_backward_weights.desc(
                                algorithm.deconvolution_direct, anySrc, anyW, anyDst, st, pl, pr)), eng, fpd));

                uIn = own(new memory(nchwSrc, eng, (Pointer) null));
                uW = own(new memory(userW, eng, (Pointer) null));
                uZ = own(new memory(nchwDst, eng, (Pointer) null));
                uDelta = own(new memory(nchwDst, eng, (Pointer) null));
                uEps = own(new memory(nchwSrc, eng, (Pointer) null));
                uDW = own(new memory(userW, eng, (Pointer) null));
                uDB = bias ? own(new memory(biasD, eng, (Pointer) null)) : null;

                // forward: input and weights into the forward layouts, the transposed convolution, z out
                memory fSrc = into(forward, uIn, own(fpd.src_desc()));
                memory fW = into(forward, uW, own(fpd.weights_desc()));
                memory fDst = buffer(own(fpd.dst_desc()), uZ);
                step(forward, own(new deconvolution_forward(fpd)), DNNL_ARG_SRC, fSrc, DNNL_ARG_WEIGHTS, fW,
                        DNNL_ARG_DST, fDst);
                out(forward, fDst, uZ);

                // backward: the output gradient once per layout, the data gradient, the weight gradient
                for (List<Step> steps : List.of(backward, backwardKeptSource)) {
                    memory wSrc;
                    memory.desc ws = own(wpd.src_desc());
                    if (steps == backward) {
                        wSrc = into(steps, uIn, ws);
                    } else if (fSrc.get_desc().equals(ws)) {
                        wSrc = fSrc;
                    } else {
                        wSrc = into(steps, fSrc, ws);
                    }
                    memory.desc dd = own(dpd.diff_dst_desc());
                    memory.desc wd2 = own(wpd.diff_dst_desc());
                    memory dDiffDst = into(steps, uDelta, dd);
                    memory wDiffDst = dd.equals(wd2) ? dDiffDst : into(steps, uDelta, wd2);
                    memory dW = into(steps, uW, own(dpd.weights_desc()));
                    memory dSrc = buffer(own(dpd.diff_src_desc()), uEps);
                    step(steps, own(new deconvolution_backward_data(dpd)), DNNL_ARG_DIFF_DST, dDiffDst,
                            DNNL_ARG_WEIGHTS, dW, DNNL_ARG_DIFF_SRC, dSrc);
                    out(steps, dSrc, uEps);
                    memory dWeights = buffer(own(wpd.diff_weights_desc()), uDW);
                    if (bias) {
                        step(steps, own(new deconvolution_backward_weights(wpd)), DNNL_ARG_SRC, wSrc,
                                DNNL_ARG_DIFF_DST, wDiffDst, DNNL_ARG_DIFF_WEIGHTS, dWeights, DNNL_ARG_DIFF_BIAS, uDB);
                    } else {
                        step(steps, own(new deconvolution_backward_weights(wpd)), DNNL_ARG_SRC, wSrc,
                                DNNL_ARG_DIFF_DST, wDiffDst, DNNL_ARG_DIFF_WEIGHTS, dWeights);
                    }
                    out(steps, dWeights, uDW);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        memory.desc any(long[] dims) {
            return own(new memory.desc(dims, memory.data_type.f32, memory.format_tag.any));
        }

        /** A buffer in layout {@code md}: {@code user} itself when that is its layout. */
        memory buffer(memory.desc md, memory user) {
            return user.get_desc().equals(md) ? user : own(new memory(md, eng));
        }

        /** {@code from} converted to layout {@code md} by a step of {@code steps} (none when it is in it). */
        memory into(List<Step> steps, memory from, memory.desc md) {
            if (from.get_desc().equals(md)) {
                return from;
            }
            memory to = own(new memory(md, eng));
            step(steps, own(new reorder(from, to)), DNNL_ARG_SRC, from, DNNL_ARG_DST, to);
            return to;
        }

        /** A step of {@code steps} that converts {@code buf} into {@code user} (none when it is user). */
        void out(List<Step> steps, memory buf, memory user) {
            if (buf != user) {
                step(steps, own(new reorder(buf, user)), DNNL_ARG_SRC, buf, DNNL_ARG_DST, user);
            }
        }

        void step(List<Step> steps, primitive prim, Object... keysAndMems) {
            IntMemoryMap map = own(new IntMemoryMap());
            for (int i = 0; i < keysAndMems.length; i += 2) {
                map.put((Integer) keysAndMems[i], (memory) keysAndMems[i + 1]);
            }
            steps.add(new Step(prim, map));
        }

        void run(List<Step> steps, stream s) {
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
}
