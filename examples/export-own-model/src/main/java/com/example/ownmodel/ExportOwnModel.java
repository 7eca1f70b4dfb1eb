package com.example.ownmodel;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a user's program does: save the model's weights as safetensors (as PyTorch would have), load them into a
 * fresh instance, export it to ONNX and verify it in ONNX Runtime against the eager model.
 * Usage: {@code java -p target/classes:target/lib -m com.example.ownmodel/com.example.ownmodel.ExportOwnModel OUT_DIR}
 */
public final class ExportOwnModel {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/out"));
        TinyClassifierFactory factory = new TinyClassifierFactory();

        Path weights = dir.resolve("tiny-classifier.safetensors");
        Safetensors.write(weights, factory.create().stateDict());

        Module model = Init.withoutData(TinyClassifier::new);   // no random weights: the checkpoint's are loaded
        model.loadStateDict(Safetensors.read(weights));
        model.eval();

        Path onnx = dir.resolve("tiny-classifier.onnx");
        ExportOptions options = ExportOptions.builder()
                .opsetVersion(17)
                .inputNames(factory.inputNames())
                .outputNames(factory.outputNames())
                .dynamicAxes(factory.dynamicAxes())
                .verify(true)                                   // ONNX Runtime vs eager, at several batch sizes
                .build();
        OnnxExport.export(model, factory.exampleInputs(), onnx, options);
        System.out.println("exported and verified " + onnx + " (" + Files.size(onnx) + " bytes)");
    }
}
