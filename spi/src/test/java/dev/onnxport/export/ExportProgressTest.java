package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.export.ExportProgress.Phase;
import dev.onnxport.onnx.writer.ExportFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExportProgress} through {@link OnnxExport}: phases in order, bytes that end at the file's size. */
class ExportProgressTest {
    @TempDir Path dir;

    /** Every call, in order: a phase, or {done, total}. */
    static final class Recorder implements ExportProgress {
        final List<Object> calls = new ArrayList<>();

        @Override public void phase(Phase phase) { calls.add(phase); }

        @Override public void bytes(long done, long total) { calls.add(new long[] {done, total}); }

        List<Phase> phases() { return calls.stream().filter(c -> c instanceof Phase).map(c -> (Phase) c).toList(); }

        List<long[]> bytes() { return calls.stream().filter(c -> c instanceof long[]).map(c -> (long[]) c).toList(); }

        /** Checks the byte counts: after SERIALIZATION, from 0, never decreasing, one total, ending at it; returns it. */
        long checkedTotal() {
            List<long[]> b = bytes();
            assertFalse(b.isEmpty(), "no byte counts");
            int first = calls.indexOf(b.get(0));
            assertEquals(Phase.SERIALIZATION, calls.get(first - 1), "bytes come during serialization");
            assertTrue(calls.subList(first, calls.size()).stream().allMatch(c -> c instanceof long[]),
                    "no phase starts while the file is written: " + calls);
            long total = b.get(0)[1];
            assertEquals(0, b.get(0)[0], "the first count is 0");
            for (int i = 1; i < b.size(); i++) {
                assertEquals(total, b.get(i)[1], "one total");
                assertTrue(b.get(i)[0] >= b.get(i - 1)[0], "monotonic");
            }
            assertEquals(total, b.get(b.size() - 1)[0], "the last count is the total");
            return total;
        }
    }

    private static final List<Phase> EXPORT_PHASES =
            List.of(Phase.TRACE, Phase.CORE_PASSES, Phase.LOWERING, Phase.ONNX_PASSES, Phase.ASSEMBLY, Phase.SERIALIZATION);

    @Test
    void phasesInOrderAndBytesEndAtTheFileSize() throws IOException {
        Recorder r = new Recorder();
        Path f = dir.resolve("net.onnx");
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), f, ExportOptions.builder().progress(r).build());
        assertEquals(EXPORT_PHASES, r.phases());
        assertEquals(Files.size(f), r.checkedTotal());
    }

    @Test
    void theReportTimesTheSamePhases() {
        ExportResult res = OnnxExport.exportWithResult(new TestOps.Net(3), OnnxExportTest.args(), dir.resolve("n.onnx"),
                ExportOptions.builder().progress(new Recorder()).build());
        assertEquals(EXPORT_PHASES.stream().map(Phase::reportName).toList(), List.copyOf(res.report().phasesMs().keySet()));
    }

    @Test
    void aFolderCountsItsModelFile() throws IOException {
        Recorder r = new Recorder();
        Path d = dir.resolve("folder");
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), d,
                ExportOptions.builder().format(ExportFormat.DIRECTORY).progress(r).build());
        assertEquals(Files.size(d.resolve("model.onnx")), r.checkedTotal());
    }

    @Test
    void aStreamCountsWhatItReceives() {
        Recorder r = new Recorder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), out, ExportOptions.builder().progress(r).build());
        assertEquals(EXPORT_PHASES, r.phases());
        assertEquals(out.size(), r.checkedTotal());
    }

    @Test
    void zipArchivesCountTheirContents() {
        for (ExportFormat fmt : List.of(ExportFormat.ZIP_ARCHIVE, ExportFormat.COMPRESSED_ZIP_ARCHIVE)) {
            Recorder r = new Recorder();
            Recorder s = new Recorder();
            OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), dir.resolve(fmt + ".zip"),
                    ExportOptions.builder().format(fmt).progress(r).build());
            OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), new ByteArrayOutputStream(),
                    ExportOptions.builder().progress(s).build());
            long model = s.checkedTotal();
            assertEquals(fmt == ExportFormat.ZIP_ARCHIVE ? 2 * model : model, r.checkedTotal(), fmt.toString());
        }
    }

    @Test
    void listeningChangesNoByte() throws IOException {
        Path a = dir.resolve("a.onnx");
        Path b = dir.resolve("b.onnx");
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), a, ExportOptions.defaults());
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), b, ExportOptions.builder().progress(new Recorder()).build());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void theDefaultIsNoneAndNullIsRefused() {
        assertSame(ExportProgress.NONE, ExportOptions.defaults().progress());
        Recorder r = new Recorder();
        assertSame(r, ExportOptions.builder().progress(r).build().toBuilder().build().progress());
        assertThrows(OnnxExporterError.class, () -> ExportOptions.builder().progress(null));
    }

    @Test
    void aListenerThatThrowsStopsTheExportAndLeavesTheTarget() throws IOException {
        Path f = dir.resolve("kept.onnx");
        Files.write(f, new byte[] {7});
        ExportProgress stop = new ExportProgress() {
            @Override public void bytes(long done, long total) {
                if (done == total) throw new IllegalStateException("cancelled");
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OnnxExport.export(new TestOps.Net(3),
                OnnxExportTest.args(), f, ExportOptions.builder().progress(stop).build()));
        assertEquals("cancelled", e.getMessage());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left");
        }
    }
}
