package org.colorize.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorize.core.internal.AtomicFiles;

/**
 * {@code metrics.csv}: one row per epoch ({@link EpochRecord#CSV_HEADER}), the whole history rewritten
 * atomically after each epoch; a resumed run reads it back.
 *
 * @param file the CSV file
 */
record MetricsCsv(Path file) implements EpochListener {

    @Override
    public void onEpochEnd(EpochRecord record, TrainingContext context) throws IOException {
        StringBuilder sb = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        for (EpochRecord r : context.history()) {
            sb.append(r.toCsv()).append('\n');
        }
        AtomicFiles.write(file, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param file a metrics file, perhaps missing
     * @param upToEpoch the last epoch to read (the checkpoint's)
     * @return its rows up to that epoch, oldest first; none when the file is missing
     * @throws IOException naming the file and row, if a row is unreadable
     */
    static List<EpochRecord> read(Path file, int upToEpoch) throws IOException {
        List<EpochRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                try {
                    EpochRecord r = EpochRecord.fromCsv(line);
                    if (r.epoch() <= upToEpoch) {
                        out.add(r);
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + ": unreadable metrics row '" + line + "'", e);
                }
            }
        }
        return out;
    }
}
