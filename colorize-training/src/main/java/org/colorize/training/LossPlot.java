package org.colorize.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.colorize.core.internal.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the loss curves of a training run to a PNG (XChart), atomically, after every epoch.
 *
 * @param png the picture to write
 * @param title the chart's title, before " loss"
 */
record LossPlot(Path png, String title) implements EpochListener {

    @Override
    public void onEpochEnd(EpochRecord record, TrainingContext context) throws IOException {
        write(context.history(), png, title);
    }

    static void write(List<EpochRecord> history, Path png, String title) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        double[] x = new double[history.size()];
        double[] train = new double[history.size()];
        double[] val = new double[history.size()];
        boolean hasVal = false;
        for (int i = 0; i < history.size(); i++) {
            x[i] = history.get(i).epoch();
            train[i] = history.get(i).trainLoss();
            val[i] = history.get(i).validationLoss();
            hasVal |= Double.isFinite(val[i]);
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title + " loss")
                .xAxisTitle("epoch").yAxisTitle("loss (per pixel)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.addSeries("train", x, train).setMarker(SeriesMarkers.CIRCLE);
        if (hasVal) {
            chart.addSeries("validation", x, val).setMarker(SeriesMarkers.DIAMOND);
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }
}
