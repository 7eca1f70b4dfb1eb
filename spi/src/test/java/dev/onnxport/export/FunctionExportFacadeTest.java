package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.nn.Module;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade runs the function extraction when exportModulesAsFunctions is set (fake test:: lowering). */
class FunctionExportFacadeTest {
    @TempDir Path dir;

    /** Two Affine calls, then relu in the root. */
    static final class Pair extends Module {
        final TestOps.Affine a = registerModule("a", new TestOps.Affine(4));
        final TestOps.Affine b = registerModule("b", new TestOps.Affine(4));

        @Override public Object invoke(Tensor... in) { return scoped(() -> TestOps.RELU.call1(b.forward(a.forward(in[0])))); }
    }

    private ModelProto export(ExportOptions.Builder o) throws IOException {
        Path f = dir.resolve("m.onnx");
        OnnxExport.export(new Pair(), new Tensor[] {Tensor.of(new float[] {1, -2, 3, -4}, 1, 4)}, f, o.build());
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(f));
        assertEquals(List.of(), StructuralChecker.check(p, dir));
        return p;
    }

    @Test void setOfClasses() throws IOException {
        ModelProto p = export(ExportOptions.builder().opsetVersion(15).exportModulesAsFunctions(Set.of(TestOps.Affine.class)));
        assertEquals(List.of("Affine"), p.getFunctionsList().stream().map(FunctionProto::getName).toList());
        assertEquals(List.of("Mul", "Add"), p.getFunctions(0).getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals(List.of("Affine", "Affine", "Relu"), p.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals(List.of("dev.onnxport.export", "dev.onnxport.export"),
                p.getGraph().getNodeList().subList(0, 2).stream().map(NodeProto::getDomain).toList());
        assertEquals(List.of("input0", "weight", "bias"), p.getFunctions(0).getInputList());
    }

    @Test void allModulesExceptTheRoot() throws IOException {
        ModelProto p = export(ExportOptions.builder().opsetVersion(17).exportModulesAsFunctions(true));
        assertEquals(1, p.getFunctionsCount());
        assertEquals(3, p.getGraph().getNodeCount());
    }

    @Test void offByDefault() throws IOException {
        ModelProto p = export(ExportOptions.builder().opsetVersion(17));
        assertEquals(0, p.getFunctionsCount());
        assertEquals(List.of("Mul", "Add", "Mul", "Add", "Relu"), p.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
    }
}
