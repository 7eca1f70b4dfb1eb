package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures.Suite;
import dev.onnxport.testing.OpCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ops whose output sizes depend on the input's values (nonzero, masked_select, unique) export with those sizes
 * dynamic: the graph output's dim has neither a value nor the traced size baked in.
 */
class DataDependentShapesTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @CsvSource({"nonzero, 0", "masked_select, 0", "unique_sorted, 0", "unique_dim, 0"})
    void dataDependentSizeStaysDynamic(String id, int dim) throws Exception {
        OpCases.Case c = OpCases.load(Suite.OPS_MORE).stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        Path f = tmp.resolve(id + ".onnx");
        List<String> names = List.copyOf(c.inputs().keySet());
        OnnxExport.export(c.model(), c.inputs().values().toArray(new Tensor[0]), f,
                ExportOptions.builder().opsetVersion(13).inputNames(names).build());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(f));
        assertTrue(m.getGraph().getOutputCount() >= 1, id + ": no graph output");
        TensorShapeProto shape = m.getGraph().getOutput(0).getType().getTensorType().getShape();
        assertTrue(shape.getDimCount() > dim, id + ": output 0 has rank " + shape.getDimCount());
        assertFalse(shape.getDim(dim).hasDimValue(), id + ": output 0 dim " + dim + " is fixed at " + shape.getDim(dim).getDimValue());
    }
}
