// accllm-apply-compression keeps a layer's own sliding window when it is no wider than the
// configured Λ (Mistral trained with 6 keys keeps lambda<0, 6> under a Λ of 4 + 16); a
// narrower Λ replaces it, and respect_model_window=false applies the Λ regardless.
// RUN: accllm-opt %s -p 'accllm-apply-compression{window=16 sinks=4}' | filecheck %s --check-prefix=OWN
// RUN: accllm-opt %s -p 'accllm-apply-compression{window=4 sinks=2}' | filecheck %s --check-prefix=NARROWER
// RUN: accllm-opt %s -p 'accllm-apply-compression{window=16 sinks=4 respect_model_window=false}' | filecheck %s --check-prefix=FORCED

// OWN:      mask #accllm.lambda<sinks = 0, window = 6>
// OWN:      mask #accllm.lambda<sinks = 4, window = 16>
// NARROWER: mask #accllm.lambda<sinks = 2, window = 4>
// NARROWER: mask #accllm.lambda<sinks = 2, window = 4>
// FORCED:   mask #accllm.lambda<sinks = 4, window = 16>
// FORCED:   mask #accllm.lambda<sinks = 4, window = 16>

func.func @attention(%q: tensor<1x?x32xf32>, %k: tensor<1x?x16xf32>, %v: tensor<1x?x16xf32>) -> (tensor<1x?x32xf32>, tensor<1x?x32xf32>) {
  %sliding = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.353553 mask #accllm.lambda<sinks = 0, window = 6> : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
  %global = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.353553 mask #accllm.causal : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
  func.return %sliding, %global : tensor<1x?x32xf32>, tensor<1x?x32xf32>
}
