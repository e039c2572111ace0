package org.colorize.data;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A stand-in with the shape of the "alpha" network (L -> ab/128, 32,202 parameters), built here
 * because colorize-data does not depend on colorize-models. The smallest of the reference networks:
 * the hardest case for "the iterator is never the bottleneck".
 */
final class AlphaLikeNetwork {

    private AlphaLikeNetwork() {
    }

    static MultiLayerNetwork create(int width, int height) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new RmsProp(1e-3))
                .convolutionMode(ConvolutionMode.Same)
                .activation(Activation.RELU)
                .list()
                .layer(conv(8, 2))
                .layer(conv(8, 1))
                .layer(conv(16, 1))
                .layer(conv(16, 2))
                .layer(conv(32, 1))
                .layer(conv(32, 2))
                .layer(new Upsampling2D.Builder(2).build())
                .layer(conv(32, 1))
                .layer(new Upsampling2D.Builder(2).build())
                .layer(conv(16, 1))
                .layer(new Upsampling2D.Builder(2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(height, width, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ConvolutionLayer conv(int n, int stride) {
        return new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(n).build();
    }
}
