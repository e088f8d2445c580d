// RUN: accllm-opt %s | accllm-opt | filecheck %s

// A derived accllm.weight (raising folded arithmetic into a parameter) names its checkpoint
// source and the derivation: rows of the source, then + offset, then x scale. Its name is
// that expression written out.

%q = accllm.weight "qkv.weight[0:32]" from "qkv.weight" rows array<i64: 0, 32> : tensor<32x32xf32>
%n = accllm.weight "norm.weight+1.0" from "norm.weight" offset 1.0 : tensor<32xf32>
%o = accllm.weight "o.weight*0.22" from "o.weight" scale 0.22 : tensor<32x32xf32>
%b = accllm.weight "qkv.bias[32:48]*0.5" from "qkv.bias" rows array<i64: 32, 48> scale 0.5 : tensor<16xf32>

// CHECK:      %q = accllm.weight "qkv.weight[0:32]" from "qkv.weight" rows array<i64: 0, 32> : tensor<32x32xf32>
// CHECK-NEXT: %n = accllm.weight "norm.weight+1.0" from "norm.weight" offset 1.000000e+00 : tensor<32xf32>
// CHECK-NEXT: %o = accllm.weight "o.weight*0.22" from "o.weight" scale 2.200000e-01 : tensor<32x32xf32>
// CHECK-NEXT: %b = accllm.weight "qkv.bias[32:48]*0.5" from "qkv.bias" rows array<i64: 32, 48> scale 5.000000e-01 : tensor<16xf32>
