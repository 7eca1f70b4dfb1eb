package dev.onnxport.onnx.checker;

import static dev.onnxport.onnx.checker.M.*;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The catalogue of broken models: each is a valid model of {@link ValidModels} with exactly one
 * planted defect, which both our checker and the official ONNX checker must reject.
 */
final class BrokenModels {
    private BrokenModels() {}

    /**
     * @param rule    the rule our checker must report
     * @param subject text the problem must contain: the node, initializer or value at fault
     * @param onDisk  whether the model must be written next to its external data (build gets the folder)
     */
    record Case(String name, Rule rule, String subject, boolean onDisk, Function<Path, ModelProto> build) {
        @Override
        public String toString() { return name; }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void add(String name, Rule rule, String subject, Supplier<ModelProto> build) {
        CASES.add(new Case(name, rule, subject, false, dir -> build.get()));
    }

    private static void addOnDisk(String name, Rule rule, String subject, Function<Path, ModelProto> build) {
        CASES.add(new Case(name, rule, subject, true, build));
    }

    private static ModelProto edit(ModelProto m, Consumer<ModelProto.Builder> change) {
        ModelProto.Builder b = m.toBuilder();
        change.accept(b);
        return b.build();
    }

    private static ModelProto editNode(ModelProto m, int i, Consumer<NodeProto.Builder> change) {
        return edit(m, b -> change.accept(b.getGraphBuilder().getNodeBuilder(i)));
    }

    private static ModelProto withNode(ModelProto m, int i, NodeProto n) {
        return edit(m, b -> b.getGraphBuilder().setNode(i, n));
    }

    static List<Case> all() {
        return List.copyOf(CASES);
    }

    static {
        // names: defined before use, assigned once, in topological order
        add("undefined_input", Rule.UNDEFINED_VALUE, "node 'relu_0' (Relu): input 'nope'",
                () -> editNode(ValidModels.relu(), 0, n -> n.setInput(0, "nope")));
        add("double_assignment", Rule.SSA, "node 'neg_2' (Neg): output 'h'",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().addNode(node("Neg", "neg_2", in("x"), out("h")))));
        add("wrong_topological_order", Rule.TOPOLOGICAL_ORDER, "node 'relu_1' (Relu): input 'h' is used before",
                () -> edit(ValidModels.addRelu(), b -> {
                    NodeProto add = b.getGraph().getNode(0);
                    NodeProto relu = b.getGraph().getNode(1);
                    b.getGraphBuilder().setNode(0, relu).setNode(1, add);
                }));
        // a node reading its own output: defined "later" at the same position, a cycle of one node
        add("node_reads_its_own_output", Rule.TOPOLOGICAL_ORDER, "node 'relu_0' (Relu): input 'y' is used before it is defined (node 'relu_0'",
                () -> editNode(ValidModels.relu(), 0, n -> n.setInput(0, "y")));
        add("node_output_overwrites_graph_input", Rule.SSA, "node 'neg_2' (Neg): output 'x'",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().addNode(node("Neg", "neg_2", in("y"), out("x")))));
        add("duplicate_graph_input", Rule.SSA, "graph input 'x'",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().addInput(vi("x", F32, 2, 3))));
        add("duplicate_initializer", Rule.SSA, "initializer 'w'",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().addInitializer(floats("w", dims(2, 3), range(6)))));
        add("graph_without_name", Rule.GRAPH, "graph ''",
                () -> edit(ValidModels.relu(), b -> b.getGraphBuilder().clearName()));

        // operators at the imported opset
        add("unknown_op", Rule.UNKNOWN_OP, "node 'relu_0' (Relux)",
                () -> editNode(ValidModels.relu(), 0, n -> n.setOpType("Relux")));
        add("op_not_in_opset_trilu_at_13", Rule.OP_NOT_IN_OPSET, "node 'trilu_0' (Trilu)",
                () -> model(13, graph("trilu").addInput(vi("x", F32, 3, 3)).addOutput(vi("y", F32, 3, 3))
                        .addNode(node("Trilu", "trilu_0", in("x"), out("y")))));
        add("deprecated_op_upsample", Rule.DEPRECATED_OP, "node 'up_0' (Upsample)",
                () -> edit(ValidModels.resize(), b -> b.getGraphBuilder()
                        .setNode(0, node("Upsample", "up_0", in("x", "scales"), out("y"), as("mode", "nearest")))));
        add("deprecated_op_scatter", Rule.DEPRECATED_OP, "node 'scatter_0' (Scatter)",
                () -> model(17, graph("scatter").addInput(vi("x", F32, 2, 2)).addInput(vi("i", I64, 2, 2))
                        .addInput(vi("u", F32, 2, 2)).addOutput(vi("y", F32, 2, 2))
                        .addNode(node("Scatter", "scatter_0", in("x", "i", "u"), out("y")))));
        add("node_in_unimported_domain", Rule.OPSET_IMPORT, "node 'relu_0' (com.acme.Relu)",
                () -> editNode(ValidModels.relu(), 0, n -> n.setDomain("com.acme")));

        // arity
        add("too_few_inputs_add", Rule.INPUT_ARITY, "node 'add_0' (Add): has 1 inputs",
                () -> editNode(ValidModels.addRelu(), 0, n -> n.clearInput().addInput("x")));
        add("too_many_inputs_relu", Rule.INPUT_ARITY, "node 'relu_0' (Relu): has 2 inputs",
                () -> editNode(ValidModels.relu(), 0, n -> n.addInput("x")));
        add("too_many_outputs_relu", Rule.OUTPUT_ARITY, "node 'relu_0' (Relu): has 2 outputs",
                () -> editNode(ValidModels.relu(), 0, n -> n.addOutput("y2")));
        add("required_input_omitted_gemm", Rule.INPUT_ARITY, "node 'gemm_0' (Gemm): input #1 (B)",
                () -> editNode(ValidModels.gemm(), 0, n -> n.setInput(1, "")));
        add("variadic_concat_without_inputs", Rule.INPUT_ARITY, "node 'concat_0' (Concat): has 0 inputs",
                () -> editNode(ValidModels.concat(), 0, n -> n.clearInput()));

        // attributes
        add("unknown_attribute", Rule.UNKNOWN_ATTRIBUTE, "node 'relu_0' (Relu): attribute 'alpha'",
                () -> editNode(ValidModels.relu(), 0, n -> n.addAttribute(af("alpha", 0.1f))));
        add("wrong_attribute_type_softmax_axis_float", Rule.ATTRIBUTE_TYPE, "node 'softmax_0' (Softmax): attribute 'axis'",
                () -> editNode(ValidModels.softmax(), 0, n -> n.setAttribute(0, af("axis", 1f))));
        add("wrong_attribute_type_gemm_transB_string", Rule.ATTRIBUTE_TYPE, "node 'gemm_0' (Gemm): attribute 'transB'",
                () -> editNode(ValidModels.gemm(), 0, n -> n.setAttribute(0, as("transB", "yes"))));
        add("attribute_type_field_mismatch", Rule.ATTRIBUTE_TYPE, "node 'softmax_0' (Softmax): attribute 'axis'",
                () -> editNode(ValidModels.softmax(), 0, n -> n.setAttribute(0,
                        AttributeProto.newBuilder().setName("axis").setType(AttributeType.INT).setF(1f).build())));
        add("attribute_without_type", Rule.ATTRIBUTE_TYPE, "node 'softmax_0' (Softmax): attribute 'axis'",
                () -> editNode(ValidModels.softmax(), 0, n -> n.setAttribute(0,
                        AttributeProto.newBuilder().setName("axis").setI(1).build())));
        add("missing_required_attribute_cast_to", Rule.REQUIRED_ATTRIBUTE, "node 'cast_0' (Cast): required attribute 'to'",
                () -> editNode(ValidModels.cast(), 0, n -> n.clearAttribute()));
        add("duplicate_attribute", Rule.DUPLICATE_ATTRIBUTE, "node 'softmax_0' (Softmax): attribute 'axis'",
                () -> editNode(ValidModels.softmax(), 0, n -> n.addAttribute(ai("axis", 0))));

        // type constraints where the types are known
        add("mismatched_input_types_add_float_double", Rule.TYPE_CONSTRAINT, "node 'add_0' (Add): inputs 'x'",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().setInitializer(0,
                        TensorProto.newBuilder().setName("w").setDataType(F64).addDims(2).addDims(3)
                                .addAllDoubleData(List.of(1d, 2d, 3d, 4d, 5d, 6d)).build())));
        add("disallowed_type_add_bool", Rule.TYPE_CONSTRAINT, "node 'add_0' (Add): input 'p'",
                () -> model(17, graph("add_bool").addInput(vi("p", BOOL, 2)).addInput(vi("q", BOOL, 2))
                        .addOutput(vi("r", BOOL, 2)).addNode(node("Add", "add_0", in("p", "q"), out("r")))));
        add("concrete_type_reshape_shape_float", Rule.TYPE_CONSTRAINT, "node 'reshape_0' (Reshape): input 'shape'",
                () -> edit(ValidModels.reshape(), b -> b.getGraphBuilder().setInitializer(0, floats("shape", dims(2), 3f, 2f))));
        add("conv_weight_double", Rule.TYPE_CONSTRAINT, "node 'conv_0' (Conv): inputs 'x'",
                () -> edit(ValidModels.conv(), b -> b.getGraphBuilder().setInitializer(0,
                        TensorProto.newBuilder().setName("W").setDataType(F64).addAllDims(List.of(1L, 1L, 3L, 3L))
                                .addAllDoubleData(List.of(1d, 2d, 3d, 4d, 5d, 6d, 7d, 8d, 9d)).build())));
        add("declared_output_type_differs", Rule.TYPE_CONSTRAINT, "node 'relu_0' (Relu): output 'y' is declared tensor(double)",
                () -> edit(ValidModels.relu(), b -> b.getGraphBuilder().setOutput(0, vi("y", F64, 2, 3))));

        // initializer data vs shape and dtype
        add("bad_raw_data_length", Rule.TENSOR_DATA, "initializer 'shape': raw_data has 12 bytes",
                () -> edit(ValidModels.reshape(), b -> {
                    TensorProto s = b.getGraph().getInitializer(0);
                    b.getGraphBuilder().setInitializer(0, s.toBuilder().setRawData(s.getRawData().substring(0, 12)));
                }));
        add("too_few_float_data", Rule.TENSOR_DATA, "initializer 'scales': float_data has 3 values",
                () -> edit(ValidModels.resize(), b -> b.getGraphBuilder().setInitializer(0, floats("scales", dims(4), 1f, 2f, 2f))));
        add("too_few_int64_data", Rule.TENSOR_DATA, "initializer 'shape': int64_data has 1 values",
                () -> edit(ValidModels.reshape(), b -> b.getGraphBuilder().setInitializer(0, int64s("shape", dims(2), 6))));
        add("data_in_wrong_field", Rule.TENSOR_DATA, "initializer 'w': float data belongs in float_data",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().setInitializer(0,
                        TensorProto.newBuilder().setName("w").setDataType(F32).addDims(2).addDims(3)
                                .addAllInt64Data(List.of(1L, 2L, 3L, 4L, 5L, 6L)).build())));
        add("two_data_fields", Rule.TENSOR_DATA, "initializer 'w': has several data fields",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().setInitializer(0,
                        floats("w", dims(2, 3), range(6)).toBuilder()
                                .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[24])).build())));
        add("zero_elements_with_data", Rule.TENSOR_DATA, "initializer 'w': has 0 elements",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().setInitializer(0, floats("w", dims(0, 3), 1f))));
        add("initializer_without_data_type", Rule.TENSOR_DATA, "initializer 'w': data_type 0",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().setInitializer(0,
                        floats("w", dims(2, 3), range(6)).toBuilder().clearDataType().build())));
        add("string_in_raw_data", Rule.TENSOR_DATA, "initializer 'names': string data cannot be stored in raw_data",
                () -> edit(ValidModels.addRelu(), b -> b.getGraphBuilder().addInitializer(
                        TensorProto.newBuilder().setName("names").setDataType(8).addDims(1)
                                .setRawData(com.google.protobuf.ByteString.copyFromUtf8("abc")).build())));

        // model: IR version and opset imports
        add("missing_opset_import", Rule.OPSET_IMPORT, "model: opset_import has no entry for the default ONNX domain",
                () -> edit(ValidModels.relu(), ModelProto.Builder::clearOpsetImport));
        add("ir_version_too_low_for_opset", Rule.IR_VERSION, "model: ir_version 3 is too low for opset 17",
                () -> edit(ValidModels.addRelu(), b -> b.setIrVersion(3)));
        add("ir_version_missing", Rule.IR_VERSION, "model: ir_version is not set",
                () -> edit(ValidModels.relu(), ModelProto.Builder::clearIrVersion));
        add("ir_version_too_high", Rule.IR_VERSION, "model: ir_version 14",
                () -> edit(ValidModels.relu(), b -> b.setIrVersion(14)));
        add("duplicate_opset_import_domain", Rule.OPSET_IMPORT, "model: opset_import lists domain '' more than once",
                () -> edit(ValidModels.softmax(), b -> b.addOpsetImport(opset("", 12))
                        .getGraphBuilder().setNode(0, node("LayerNormalization", "ln_0", in("x", "g"), out("y")))
                        .addInitializer(floats("g", dims(3), 1f, 1f, 1f))));

        // graph inputs and outputs
        add("output_undefined", Rule.GRAPH_OUTPUT, "graph output 'z'",
                () -> edit(ValidModels.relu(), b -> b.getGraphBuilder().addOutput(vi("z", F32, 2, 3))));
        add("input_without_type", Rule.VALUE_TYPE, "graph input 'x': has no type",
                () -> edit(ValidModels.relu(), b -> b.getGraphBuilder().setInput(0, ValueInfoProto.newBuilder().setName("x"))));
        add("input_without_shape", Rule.VALUE_TYPE, "graph input 'x': tensor type has no shape",
                () -> edit(ValidModels.relu(), b -> b.getGraphBuilder().setInput(0, ValueInfoProto.newBuilder().setName("x")
                        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(F32))))));
        // external data (model written to a folder, checked with that folder)
        addOnDisk("external_absolute_path", Rule.EXTERNAL_DATA, "initializer 'W': external data location '/",
                dir -> ValidModels.externalWeights(dir, dir.toAbsolutePath().resolve("weights.bin").toString(), 0, 24));
        addOnDisk("external_dotdot", Rule.EXTERNAL_DATA, "initializer 'W': external data location '../",
                dir -> ValidModels.externalWeights(dir, "../" + dir.getFileName() + "/weights.bin", 0, 24));
        addOnDisk("external_missing_file", Rule.EXTERNAL_DATA, "initializer 'W': external data file 'missing.bin'",
                dir -> ValidModels.externalWeights(dir, "missing.bin", 0, 24));
        addOnDisk("external_with_inline_data", Rule.EXTERNAL_DATA, "initializer 'W': data is stored externally",
                dir -> edit(ValidModels.externalData(dir), b -> b.getGraphBuilder().getInitializerBuilder(0)
                        .addAllFloatData(List.of(1f, 2f, 3f, 4f, 5f, 6f))));
        addOnDisk("external_without_location", Rule.EXTERNAL_DATA, "initializer 'W': is stored externally but has no location",
                dir -> edit(ValidModels.externalData(dir), b -> b.getGraphBuilder().getInitializerBuilder(0)
                        .removeExternalData(0)));

        // model-local functions
        add("function_body_undefined_input", Rule.UNDEFINED_VALUE, "function 'local.AddRelu' > node 'frelu' (Relu): input 'q'",
                () -> editFunction(f -> f.getNodeBuilder(1).setInput(0, "q")));
        add("function_body_unknown_op", Rule.UNKNOWN_OP, "function 'local.AddRelu' > node 'frelu' (Rleu)",
                () -> editFunction(f -> f.getNodeBuilder(1).setOpType("Rleu")));
        add("function_body_double_assignment", Rule.SSA, "function 'local.AddRelu' > node 'fneg' (Neg): output 'a'",
                () -> editFunction(f -> f.addNode(node("Neg", "fneg", in("c"), out("a")))));
        add("function_body_too_many_inputs", Rule.INPUT_ARITY, "function 'local.AddRelu' > node 'frelu' (Relu): has 2 inputs",
                () -> editFunction(f -> f.getNodeBuilder(1).addInput("a")));
        add("function_without_domain", Rule.FUNCTION, "function '.AddRelu': function has no domain",
                () -> editFunction(FunctionProto.Builder::clearDomain));
        add("function_duplicate_input", Rule.SSA, "function 'local.AddRelu' > input 'a'",
                () -> editFunction(f -> f.addInput("a")));
        add("function_opset_incompatible_with_model", Rule.OPSET_IMPORT, "function 'local.AddRelu' > node 'frelu' (Relu)",
                () -> editFunction(f -> f.setOpsetImport(0, opset("", 13))));

        // subgraphs
        add("subgraph_undefined_input", Rule.UNDEFINED_VALUE, "node 'if_0' (If) > then_branch > node 'then_relu' (Relu): input 'xx'",
                () -> editBranch("then_branch", g -> g.getNodeBuilder(0).setInput(0, "xx")));
        add("subgraph_shadows_outer_name", Rule.SSA, "node 'if_0' (If) > else_branch > node 'else_id' (Identity): output 'x'",
                () -> editBranch("else_branch", g -> g.addNode(node("Identity", "else_id", in("e"), out("x")))));
        add("subgraph_unknown_attribute", Rule.UNKNOWN_ATTRIBUTE, "node 'if_0' (If) > then_branch > node 'then_relu' (Relu): attribute 'beta'",
                () -> editBranch("then_branch", g -> g.getNodeBuilder(0).addAttribute(af("beta", 1f))));
        add("if_without_else_branch", Rule.REQUIRED_ATTRIBUTE, "node 'if_0' (If): required attribute 'else_branch'",
                () -> editNode(ValidModels.ifModel(), 0, n -> n.removeAttribute(1)));
        add("if_condition_float", Rule.TYPE_CONSTRAINT, "node 'if_0' (If): input 'cond'",
                () -> edit(ValidModels.ifModel(), b -> b.getGraphBuilder().setInput(0, vi("cond", F32))));
    }

    private static ModelProto editFunction(Consumer<FunctionProto.Builder> change) {
        return edit(ValidModels.function(), b -> change.accept(b.getFunctionsBuilder(0)));
    }

    private static ModelProto editBranch(String attr, Consumer<GraphProto.Builder> change) {
        return edit(ValidModels.ifModel(), b -> {
            NodeProto.Builder n = b.getGraphBuilder().getNodeBuilder(0);
            for (AttributeProto.Builder a : n.getAttributeBuilderList()) {
                if (a.getName().equals(attr)) change.accept(a.getGBuilder());
            }
        });
    }
}
