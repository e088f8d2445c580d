// RUN: accllm-opt %S/Inputs/llama_decoder_layer.mlir --print-op-generic | filecheck %s
// RUN: accllm-opt %S/Inputs/llama_decoder_layer.mlir --print-op-generic | accllm-opt --print-op-generic | filecheck %s
// RUN: accllm-opt %S/Inputs/llama_decoder_layer.mlir --print-op-generic > %t.once.mlir
// RUN: accllm-opt %t.once.mlir --print-op-generic > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir

// A real imported LlamaDecoderLayer parses with every torch op typed, verifies, and prints
// back op for op (printing is a fixed point). The checks follow the layer's dataflow through
// representative ops: RMSNorm, the projections, RoPE, grouped KV expansion, SDPA, SwiGLU.

// CHECK-LABEL: "func.func"() <{function_type = (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,8],f32>, !torch.vtensor<[1,?,8],f32>, !torch.vtensor<[1,1,?,?],i1>) -> !torch.vtensor<[1,?,32],f32>, sym_name = "decoder_layer"}> ({
// CHECK-NEXT:  ^bb0(%[[X:.*]]: !torch.vtensor<[1,?,32],f32>, %[[COS:.*]]: !torch.vtensor<[1,?,8],f32>, %[[SIN:.*]]: !torch.vtensor<[1,?,8],f32>, %[[MASK:.*]]: !torch.vtensor<[1,1,?,?],i1>):
// CHECK:         %[[SEQ:.*]] = "torch.aten.size.int"(%[[X]], %{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.int
// CHECK:         "torch.aten._assert_tensor_metadata"(%[[X]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
// CHECK:         %[[H:.*]] = "torch.aten.to.dtype"(%[[X]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
// CHECK:         %[[SQ:.*]] = "torch.aten.pow.Tensor_Scalar"(%[[H]], %{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
// CHECK-NEXT:    %[[LAST:.*]] = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
// CHECK-NEXT:    %[[DIMS:.*]] = "torch.prim.ListConstruct"(%[[LAST]]) : (!torch.int) -> !torch.list<int>
// CHECK:         %[[MEAN:.*]] = "torch.aten.mean.dim"(%[[SQ]], %[[DIMS]], %{{.*}}, %{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
// CHECK-NEXT:    %[[EPS:.*]] = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
// CHECK:         %[[VAR:.*]] = "torch.aten.add.Scalar"(%[[MEAN]], %[[EPS]], %{{.*}}) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
// CHECK-NEXT:    %{{.*}} = "torch.aten.rsqrt"(%[[VAR]]) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
// CHECK:         %[[NORM_W:.*]] = "accllm.weight"() <{name = "l.input_layernorm.weight"}> : () -> !torch.vtensor<[32],f32>
// CHECK-NEXT:    %[[NORMED:.*]] = "torch.aten.mul.Tensor"(%[[NORM_W]], %{{.*}}) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
// CHECK-NEXT:    %[[WQ:.*]] = "accllm.weight"() <{name = "l.self_attn.q_proj.weight"}> : () -> !torch.vtensor<[32,32],f32>
// CHECK-NEXT:    %[[NO_BIAS:.*]] = "torch.constant.none"() : () -> !torch.none
// CHECK-NEXT:    %[[Q:.*]] = "torch.aten.linear"(%[[NORMED]], %[[WQ]], %[[NO_BIAS]]) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
// CHECK:         %[[QSHAPE:.*]] = "torch.prim.ListConstruct"(%{{.*}}, %[[SEQ]], %{{.*}}, %{{.*}}) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
// CHECK-NEXT:    %[[QV:.*]] = "torch.aten.view"(%[[Q]], %[[QSHAPE]]) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,4,8],f32>
// CHECK:         %{{.*}} = "torch.aten.transpose.int"(%[[QV]], %{{.*}}, %{{.*}}) : (!torch.vtensor<[1,?,4,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
// CHECK:         "torch.aten.unsqueeze"(%[[COS]], %{{.*}}) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
// CHECK:         %[[MAX:.*]] = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
// CHECK:         %[[HI:.*]] = "torch.aten.slice.Tensor"(%{{.*}}, %{{.*}}, %{{.*}}, %[[MAX]], %{{.*}}) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
// CHECK-NEXT:    %[[NEG:.*]] = "torch.aten.neg"(%[[HI]]) : (!torch.vtensor<[1,4,?,4],f32>) -> !torch.vtensor<[1,4,?,4],f32>
// CHECK-NEXT:    %[[HALVES:.*]] = "torch.prim.ListConstruct"(%[[NEG]], %{{.*}}) : (!torch.vtensor<[1,4,?,4],f32>, !torch.vtensor<[1,4,?,4],f32>) -> !torch.list<vtensor>
// CHECK:         "torch.aten.cat"(%[[HALVES]], %{{.*}}) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
// CHECK:         %{{.*}} = "torch.aten.expand"(%{{.*}}, %{{.*}}, %{{.*}}) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
// CHECK:         %{{.*}} = "torch.aten.reshape"(%{{.*}}, %{{.*}}) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
// CHECK:         %[[SCALE:.*]] = "torch.constant.float"() <{value = 0.35355339059327379 : f64}> : () -> !torch.float
// CHECK:         %[[ATTN:.*]] = "torch.aten.scaled_dot_product_attention"(%{{.*}}, %{{.*}}, %{{.*}}, %[[MASK]], %{{.*}}, %{{.*}}, %[[SCALE]], %{{.*}}) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,?],i1>, !torch.float, !torch.bool, !torch.float, !torch.bool) -> !torch.vtensor<[1,4,?,8],f32>
// CHECK:         %[[GATE:.*]] = "torch.aten.linear"(%{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
// CHECK-NEXT:    %[[ACT:.*]] = "torch.aten.silu"(%[[GATE]]) : (!torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
// CHECK:         %[[UP:.*]] = "torch.aten.linear"(%{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
// CHECK-NEXT:    %{{.*}} = "torch.aten.mul.Tensor"(%[[ACT]], %[[UP]]) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
// CHECK:         %[[OUT:.*]] = "torch.aten.add.Tensor"(%{{.*}}, %{{.*}}, %{{.*}}) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
// CHECK-NEXT:    "func.return"(%[[OUT]]) : (!torch.vtensor<[1,?,32],f32>) -> ()
// CHECK-NEXT:  }) {torch.assume_strict_symbolic_shapes} : () -> ()
