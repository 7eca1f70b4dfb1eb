package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.MappedFiles;
import dev.onnxport.util.Names;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, defect 8: a memory-mapped input truncated by someone else while onnxport uses it gives one line naming
 * the file, not the JVM's InternalError and its trace. The files are truncated between mapping and reading, which
 * makes the next read of a page past the new end fault.
 */
class TruncatedWhileMappedTest {
    @TempDir Path dir;

    private static void truncate(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    /** Weights mapped from a safetensors file that is truncated before the export reads them. */
    @Test
    void truncatedWeightsFailTheExportWithOneLineNamingTheFile() throws IOException {
        Path weights = dir.resolve("weights.safetensors");
        Safetensors.write(weights, new TestOps.Net(16_384).stateDict());
        TestOps.Net net = new TestOps.Net(16_384);
        Map<String, Tensor> mapped = Safetensors.read(weights);
        net.loadStateDict(mapped);
        truncate(weights);
        Path out = dir.resolve("m.onnx");
        OnnxExporterError e = assertThrows(OnnxExporterError.class,
                () -> OnnxExport.export(net, OnnxExportTest.args(), out, ExportOptions.builder().build()));
        assertTrue(e.getMessage().startsWith(Names.quote(weights.toAbsolutePath()) + ": changed while onnxport was reading it"),
                e.getMessage());
        assertTrue(e.getMessage().contains("it now has 0 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(MappedFiles.isMappingFault(e), "the cause is kept for debugging");
        assertEquals(List.of(weights), listing(), "no output, no temporary file");
    }

    /** A model read by the reader keeps its raw data in the mapping; truncated, the fault is explained naming it. */
    @Test
    void aTruncatedModelIsNamedWhenItsMappedDataFaults() throws IOException {
        Path model = dir.resolve("m.onnx");
        OnnxExport.export(new TestOps.Net(16_384), OnnxExportTest.args(), model, ExportOptions.builder().build());
        try (OnnxModel m = OnnxModelReader.read(model)) {
            ByteString raw = m.proto().getGraph().getInitializer(0).getRawData();
            assertTrue(raw.size() >= 65_536, "raw data of " + raw.size() + " bytes");
            truncate(model);
            assertEquals(List.of(model), MappedFiles.changed());
            InternalError fault = readUntilFault(raw);
            assertTrue(MappedFiles.isMappingFault(fault), fault.toString());
            String line = MappedFiles.explain(fault);
            assertTrue(line.startsWith(Names.quote(model.toAbsolutePath()) + ": changed while onnxport was reading it"), line);
        }
    }

    /** A mapped file replaced under its name by a rename is not "changed": the mapping still reads the old file. */
    @Test
    void aFileReplacedByRenameIsNotBlamed() throws IOException {
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, new TestOps.Net(2048).stateDict());
        Map<String, Tensor> mapped = Safetensors.read(weights);
        Safetensors.write(weights, new TestOps.Net(4096).stateDict());  // atomic: a new file renamed into place
        assertFalse(MappedFiles.changed().contains(weights.toAbsolutePath()), MappedFiles.changed().toString());
        assertEquals(2048, mapped.get("fc.weight").numel());
        assertEquals(2.0, mapped.get("fc.weight").getDoubleFlat(1), "still the old bytes");
    }

    /** Reads {@code raw} byte by byte until the truncated mapping faults (the JVM may report it a little later). */
    private static InternalError readUntilFault(ByteString raw) {
        long sum = 0;
        try {
            for (int round = 0; round < 1000; round++) {
                for (int i = 0; i < raw.size(); i += 64) sum += raw.byteAt(i);
            }
        } catch (InternalError e) {
            return e;
        }
        fail("reading a truncated mapping did not fault (sum " + sum + ")");
        return null;
    }

    private java.util.List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
