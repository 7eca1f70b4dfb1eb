package dev.onnxport.onnx.checker;

import static dev.onnxport.onnx.checker.M.*;

import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Small valid models at opset 17 (unless named otherwise); the broken catalogue plants one defect in each. */
final class ValidModels {
    private ValidModels() {}

    /** x[2,3] -> Relu -> y */
    static ModelProto relu() {
        return model(17, graph("relu").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 3))
                .addNode(node("Relu", "relu_0", in("x"), out("y"))));
    }

    /** (x + w) -> Relu, w an initializer */
    static ModelProto addRelu() {
        return model(17, graph("add_relu").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 3))
                .addInitializer(floats("w", dims(2, 3), range(6)))
                .addNode(node("Add", "add_0", in("x", "w"), out("h")))
                .addNode(node("Relu", "relu_1", in("h"), out("y"))));
    }

    /** Gemm(a, B, C) with B and C initializers, transB set */
    static ModelProto gemm() {
        return model(17, graph("gemm").addInput(vi("a", F32, 2, 3)).addOutput(vi("y", F32, 2, 4))
                .addInitializer(floats("B", dims(4, 3), range(12)))
                .addInitializer(floats("C", dims(4), range(4)))
                .addNode(node("Gemm", "gemm_0", in("a", "B", "C"), out("y"), ai("transB", 1), af("alpha", 1f))));
    }

    /** MatMul then Add of a bias */
    static ModelProto matmul() {
        return model(17, graph("matmul").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 2))
                .addInitializer(floats("W", dims(3, 2), range(6)))
                .addInitializer(floats("b", dims(2), range(2)))
                .addNode(node("MatMul", "matmul_0", in("x", "W"), out("xw")))
                .addNode(node("Add", "add_1", in("xw", "b"), out("y"))));
    }

    /** Reshape(x, shape) with the shape an int64 raw_data initializer */
    static ModelProto reshape() {
        return model(17, graph("reshape").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 3, 2))
                .addInitializer(int64Raw("shape", dims(2), 3, 2))
                .addNode(node("Reshape", "reshape_0", in("x", "shape"), out("y"))));
    }

    /** Conv 3x3, padding 1 */
    static ModelProto conv() {
        return model(17, graph("conv").addInput(vi("x", F32, 1, 1, 4, 4)).addOutput(vi("y", F32, 1, 1, 4, 4))
                .addInitializer(floats("W", dims(1, 1, 3, 3), range(9)))
                .addNode(node("Conv", "conv_0", in("x", "W"), out("y"),
                        aints("kernel_shape", 3, 3), aints("pads", 1, 1, 1, 1))));
    }

    /** Softmax over axis 1 */
    static ModelProto softmax() {
        return model(17, graph("softmax").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 3))
                .addNode(node("Softmax", "softmax_0", in("x"), out("y"), ai("axis", 1))));
    }

    /** Cast int64 -> float, then Add to a float input */
    static ModelProto cast() {
        return model(17, graph("cast").addInput(vi("i", I64, 2)).addInput(vi("x", F32, 2)).addOutput(vi("y", F32, 2))
                .addNode(node("Cast", "cast_0", in("i"), out("f"), ai("to", F32)))
                .addNode(node("Add", "add_1", in("f", "x"), out("y"))));
    }

    /** Resize(x, roi omitted, scales) nearest: scales is a float_data initializer shape inference reads */
    static ModelProto resize() {
        return model(17, graph("resize").addInput(vi("x", F32, 1, 1, 2, 2)).addOutput(vi("y", F32, 1, 1, 4, 4))
                .addInitializer(floats("scales", dims(4), 1f, 1f, 2f, 2f))
                .addNode(node("Resize", "resize_0", in("x", "", "scales"), out("y"), as("mode", "nearest"))));
    }

    /** Clip(x, min omitted, max): an omitted optional input */
    static ModelProto clip() {
        return model(17, graph("clip").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 3))
                .addInitializer(floats("hi", dims(), 6f))
                .addNode(node("Clip", "clip_0", in("x", "", "hi"), out("y"))));
    }

    /** Concat of three inputs: a variadic input */
    static ModelProto concat() {
        return model(17, graph("concat").addInput(vi("x", F32, 2)).addInput(vi("z", F32, 3))
                .addOutput(vi("y", F32, 7))
                .addNode(node("Concat", "concat_0", in("x", "z", "x"), out("y"), ai("axis", 0))));
    }

    /** x, y -> local.AddRelu (a model-local function: Add then Relu) -> z */
    static ModelProto function() {
        FunctionProto f = FunctionProto.newBuilder().setName("AddRelu").setDomain("local")
                .addInput("a").addInput("b").addOutput("c")
                .addOpsetImport(opset("", 17))
                .addNode(node("Add", "fadd", in("a", "b"), out("s")))
                .addNode(node("Relu", "frelu", in("s"), out("c")))
                .build();
        ModelProto m = model(17, graph("function").addInput(vi("x", F32, 2, 3)).addInput(vi("y", F32, 2, 3))
                .addOutput(vi("z", F32, 2, 3))
                .addNode(node("AddRelu", "call_0", in("x", "y"), out("z")).toBuilder().setDomain("local").build()));
        return m.toBuilder().addOpsetImport(opset("local", 1)).addFunctions(f).build();
    }

    /** If(cond) then Relu(x) else Neg(x): both branches read x from the outer scope */
    static ModelProto ifModel() {
        GraphProto then = graph("then_g").addOutput(vi("t", F32, 2))
                .addNode(node("Relu", "then_relu", in("x"), out("t"))).build();
        GraphProto otherwise = graph("else_g").addOutput(vi("e", F32, 2))
                .addNode(node("Neg", "else_neg", in("x"), out("e"))).build();
        return model(17, graph("if").addInput(vi("cond", BOOL)).addInput(vi("x", F32, 2))
                .addOutput(vi("y", F32, 2))
                .addNode(node("If", "if_0", in("cond"), out("y"), ag("then_branch", then), ag("else_branch", otherwise))));
    }

    /** Loop 3 times: v = v + x, where the body reads x from the outer scope and carries v */
    static ModelProto loop() {
        GraphProto body = graph("loop_body").addInput(vi("iter", I64)).addInput(vi("cond_in", BOOL))
                .addInput(vi("v_in", F32, 2))
                .addOutput(vi("cond_out", BOOL)).addOutput(vi("v_out", F32, 2))
                .addNode(node("Identity", "body_cond", in("cond_in"), out("cond_out")))
                .addNode(node("Add", "body_add", in("v_in", "x"), out("v_out"))).build();
        return model(17, graph("loop").addInput(vi("x", F32, 2)).addOutput(vi("v", F32, 2))
                .addInitializer(int64s("trips", dims(), 3))
                .addInitializer(floats("v0", dims(2), 0f, 0f))
                .addNode(node("Loop", "loop_0", in("trips", "", "v0"), out("v"), ag("body", body))));
    }

    /** Relu at opset 21 with IR version 10 */
    static ModelProto opset21() {
        return model(21, graph("relu21").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 3))
                .addNode(node("Relu", "relu_0", in("x"), out("y"))));
    }

    /** MatMul with W [3,2] float in weights.bin next to the model (written into dir). */
    static ModelProto externalData(Path dir) {
        return externalWeights(dir, "weights.bin", 0, 24);
    }

    /** The external-data model with a chosen location, offset and length; writes 24 bytes of W to dir/weights.bin. */
    static ModelProto externalWeights(Path dir, String location, long offset, long length) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : range(6)) buf.putFloat(f);
            Files.write(dir.resolve("weights.bin"), buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TensorProto w = TensorProto.newBuilder().setName("W").setDataType(F32).addDims(3).addDims(2)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(offset)))
                .addExternalData(entry("length", Long.toString(length)))
                .build();
        return model(17, graph("external").addInput(vi("x", F32, 2, 3)).addOutput(vi("y", F32, 2, 2))
                .addInitializer(w)
                .addNode(node("MatMul", "matmul_0", in("x", "W"), out("y"))));
    }

    static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    /** Every in-memory valid model by name. */
    static Map<String, Supplier<ModelProto>> all() {
        Map<String, Supplier<ModelProto>> m = new LinkedHashMap<>();
        m.put("relu", ValidModels::relu);
        m.put("add_relu", ValidModels::addRelu);
        m.put("gemm", ValidModels::gemm);
        m.put("matmul", ValidModels::matmul);
        m.put("reshape", ValidModels::reshape);
        m.put("conv", ValidModels::conv);
        m.put("softmax", ValidModels::softmax);
        m.put("cast", ValidModels::cast);
        m.put("resize", ValidModels::resize);
        m.put("clip", ValidModels::clip);
        m.put("concat", ValidModels::concat);
        m.put("function", ValidModels::function);
        m.put("if", ValidModels::ifModel);
        m.put("loop", ValidModels::loop);
        m.put("opset21", ValidModels::opset21);
        return m;
    }
}
