package dev.onnxport.onnx.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.TrainingMode;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.functions.Pipeline;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OfficialChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EVAL, PRESERVE and TRAINING as in torch: the mode is set for the export and each module's mode restored;
 * a training export keeps dropout (Dropout with training_mode, opset 12+) and batch statistics
 * (BatchNormalization training_mode from 14, the decomposition before). Eval exports run in ONNX Runtime
 * with the eager model's outputs; so does batch-norm in training (batch statistics are deterministic).
 */
class TrainingModeExportTest {
    @TempDir Path dir;

    static final class Mlp extends UnaryModule {
        final Linear fc1 = registerModule("fc1", new Linear(8, 16));
        final Dropout drop = registerModule("drop", new Dropout(0.5));
        final Linear fc2 = registerModule("fc2", new Linear(16, 4));
        @Override protected Tensor compute(Tensor x) { return fc2.forward(drop.forward(F.relu(fc1.forward(x)))); }
    }

    static final class ConvBn extends UnaryModule {
        final Conv2d conv = registerModule("conv", new Conv2d(3, 4, 3));
        final BatchNorm2d bn = registerModule("bn", new BatchNorm2d(4));
        @Override protected Tensor compute(Tensor x) { return F.relu(bn.forward(conv.forward(x))); }
    }

    private static Tensor mlpInput() { Init.manualSeed(3); return Init.normal(0, 1, 5, 8); }
    private static Tensor convInput() { Init.manualSeed(4); return Init.normal(0, 1, 2, 3, 6, 6); }

    private ModelProto export(Module m, Tensor x, int opset, TrainingMode mode) throws IOException {
        Path f = dir.resolve("m.onnx");
        Pipeline.export(m, new Tensor[] {x}, opset, mode, null, List.of("x"), Map.of(), f);
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(f));
        assertEquals(List.of(), StructuralChecker.check(p, dir));
        assertNull(OfficialChecker.checkFile(f));
        return p;
    }

    private Tensor ort(Tensor x) {
        RuntimeVerifier rv = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assertNotNull(rv, "no RuntimeVerifier on the test class path");
        return rv.run(dir.resolve("m.onnx"), Map.of("x", x)).values().iterator().next();
    }

    private static List<String> ops(ModelProto p) { return p.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList(); }

    private static NodeProto node(ModelProto p, String op) {
        return p.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).findFirst().orElseThrow();
    }

    private static long intAttr(NodeProto n, String name, long absent) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI).findFirst().orElse(absent);
    }

    @Test void evalExportsInferenceAndRestoresTrainingMode() throws IOException {
        for (int opset : new int[] {11, 13, 17}) {
            Mlp mlp = new Mlp();   // modules start in training mode, as in torch
            Tensor x = mlpInput();
            ModelProto p = export(mlp, x, opset, TrainingMode.EVAL);
            assertFalse(ops(p).contains("Dropout"), ops(p).toString());
            assertTrue(mlp.isTraining() && mlp.drop.isTraining(), "EVAL restores the training mode afterwards");
            assertNull(Fixtures.compare(ort(x), ((Mlp) mlp.eval()).forward(x), 1e-4, 1e-5));

            ConvBn cb = new ConvBn();
            Tensor c = convInput();
            ModelProto q = export(cb, c, opset, TrainingMode.EVAL);
            assertEquals(0, intAttr(node(q, "BatchNormalization"), "training_mode", 0));
            assertTrue(cb.isTraining());
            assertNull(Fixtures.compare(ort(c), ((ConvBn) cb.eval()).forward(c), 1e-4, 1e-5));
        }
    }

    @Test void preserveKeepsEachModulesMode() throws IOException {
        // all in eval: the inference graph, outputs as eager
        Mlp mlp = new Mlp();
        mlp.eval();
        Tensor x = mlpInput();
        ModelProto p = export(mlp, x, 17, TrainingMode.PRESERVE);
        assertFalse(ops(p).contains("Dropout"));
        assertFalse(mlp.isTraining());
        assertNull(Fixtures.compare(ort(x), mlp.forward(x), 1e-4, 1e-5));

        // mixed: the root in eval but its dropout in training: dropout is kept, and the modes are untouched
        Mlp mixed = new Mlp();
        mixed.eval();
        mixed.drop.train(true);
        ModelProto m = export(mixed, x, 17, TrainingMode.PRESERVE);
        assertEquals(3, node(m, "Dropout").getInputCount(), "Dropout(x, ratio, training_mode)");
        assertFalse(mixed.isTraining());
        assertTrue(mixed.drop.isTraining());

        // mixed batch norm: the module in training keeps batch statistics (decomposed: the export is not a training one)
        ConvBn cb = new ConvBn();
        cb.eval();
        cb.bn.train(true);
        Tensor c = convInput();
        Tensor want = cb.forward(c);
        ModelProto q = export(cb, c, 17, TrainingMode.PRESERVE);
        assertFalse(ops(q).contains("BatchNormalization"), ops(q).toString());
        assertTrue(cb.bn.isTraining() && !cb.conv.isTraining());
        assertNull(Fixtures.compare(ort(c), want, 1e-4, 1e-5));
    }

    @Test void trainingKeepsDropoutAndBatchStatistics() throws IOException {
        for (int opset : new int[] {12, 13, 14, 17}) {
            Mlp mlp = new Mlp();
            mlp.eval();
            ModelProto p = export(mlp, mlpInput(), opset, TrainingMode.TRAINING);
            NodeProto d = node(p, "Dropout");
            assertEquals(3, d.getInputCount(), "Dropout(x, ratio, training_mode) at opset " + opset);
            assertFalse(mlp.isTraining() || mlp.drop.isTraining(), "TRAINING restores eval afterwards");

            ConvBn cb = new ConvBn();
            cb.eval();
            Tensor c = convInput();
            ModelProto q = export(cb, c, opset, TrainingMode.TRAINING);
            if (opset >= 14) {
                assertEquals(1, intAttr(node(q, "BatchNormalization"), "training_mode", 0));
            } else {
                assertFalse(ops(q).contains("BatchNormalization"), "batch statistics are decomposed before opset 14: " + ops(q));
            }
            assertFalse(cb.isTraining());
            cb.train(true);
            Tensor want = cb.forward(c);   // batch statistics: deterministic
            assertNull(Fixtures.compare(ort(c), want, 1e-4, 1e-5), "opset " + opset);
        }
    }
}
