package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past 2 GiB the writer switches to external data by itself; planned on mapped (sparse) weights, nothing written. */
class AutoExternalDataTest {
    @TempDir Path dir;

    @Test
    void modelsPast2GiBGoExternal() throws IOException {
        long bytes = 1_100_000_000L;
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("weights.bin").toFile(), "rw")) {
            raf.setLength(bytes);
            MappedByteBuffer mapped = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, bytes);
            Tensor w = Tensor.wrap(new BufferStorage(DType.FLOAT32, mapped.order(ByteOrder.LITTLE_ENDIAN)), bytes / 4);
            Graph g = new Graph("big");
            Value x = g.addInput("x", Type.tensor(DType.FLOAT32, new long[] {bytes / 4}));
            Value out = x;
            for (String name : new String[] {"a", "b"}) {
                Node add = g.body().append("onnx::Add", null);
                add.addInput(out).addInput(g.addInitializer(name, w));
                out = add.addOutput(x.type());
            }
            g.addOutput(out);
            WriterOptions o = WriterOptions.of(17);
            AssembledModel m = ModelAssembler.assemble(g, o);

            OnnxWriter.Plan plan = OnnxWriter.plan(m, o, "big.onnx", false);
            assertNotNull(plan.externalData(), "2.2 GB of weights must go external");
            assertEquals("big.onnx.data", plan.externalData().location());
            assertEquals(2, plan.externalData().placements().size());
            assertEquals(ExternalDataLayout.align(bytes), plan.externalData().placements().get(1).offset());
            assertTrue(plan.modelBytes() < 10_000);

            OnnxExporterError e = assertThrows(OnnxExporterError.class,
                    () -> OnnxWriter.plan(m, o.withExternalData(false), "big.onnx", false));
            assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
            e = assertThrows(OnnxExporterError.class, () -> OnnxWriter.plan(m, o, "big.onnx", true));
            assertTrue(e.getMessage().contains("passes 2 GiB"), e.getMessage());

            Graph small = WriterFixtures.matMulAdd(2);
            assertNull(OnnxWriter.plan(ModelAssembler.assemble(small, o), o, "s.onnx", false).externalData());
        }
    }
}
