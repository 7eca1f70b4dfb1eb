package dev.onnxport.export;

import java.util.Locale;

/**
 * What an export tells about its own progress, for a front end that wants to show it (a progress bar, a log line).
 * Given with {@link ExportOptions.Builder#progress}; the default, {@link #NONE}, ignores everything and costs nothing.
 *
 * <p>Calls come on the exporting thread, in order: {@link #phase} when each phase starts, and during
 * {@link Phase#SERIALIZATION} {@link #bytes} with the bytes written so far of the bytes the write will produce, first
 * with {@code done = 0}, then about every 4 MiB ({@link dev.onnxport.onnx.writer.OnnxWriter#PROGRESS_STEP}, within a large
 * tensor too), last with {@code done == total}. {@code done} never decreases; {@code total} is
 * the same in every call of one export. For a model written to a path (a file, or a folder) the bytes are those of the
 * model file and its external data file, so {@code total} is their size on disk; for a zip archive they are the entries'
 * contents before compression, counted twice for {@link dev.onnxport.onnx.writer.ExportFormat#ZIP_ARCHIVE} (its stored
 * entries are read once for their checksum before they are written). The export waits while a call runs, so keep it
 * short; an exception it throws stops the export like any other failure (the target is left as it was).
 */
public interface ExportProgress {
    /** Ignores every call: the default of {@link ExportOptions}. */
    ExportProgress NONE = new ExportProgress() {};

    /**
     * The phases of an export, in the order they run ({@link #CHECK} and {@link #VERIFY} only with
     * {@link ExportOptions#verify()}); the export report times them under {@link #reportName()}.
     */
    enum Phase {
        /** Running the model once and recording its operator calls. */
        TRACE,
        /** Dead code, constant folding of parameters, CSE, initializer dedup on the traced graph. */
        CORE_PASSES,
        /** The export mode rewriting the graph into ONNX operators. */
        LOWERING,
        /** Cleanup, folding, fusions, shape inference; local functions when asked. */
        ONNX_PASSES,
        /** The lowered graph as a ModelProto (initializers stay in their storage). */
        ASSEMBLY,
        /** Writing the file(s): {@link ExportProgress#bytes} reports how far. */
        SERIALIZATION,
        /** Opening the written model in the runtime. */
        CHECK,
        /** Running it against the eager model. */
        VERIFY;

        /** The phase's name in the export report ({@code phases_ms}): {@code trace}, {@code core_passes}, ... */
        public String reportName() { return name().toLowerCase(Locale.ROOT); }
    }

    /** {@code phase} starts; the previous one (if any) is over. */
    default void phase(Phase phase) {}

    /** {@code done} of {@code total} bytes are written (see the class comment for what they count). */
    default void bytes(long done, long total) {}
}
