// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.embed (any HBM access): the channel list names at least one channel.

%t = "test.op"() : () -> !engine.tokens
%x = engine.embed %t "embed" rows 64 channels array<i64> offsets array<i64> : !engine.act<32>

// CHECK: Operation does not verify: engine.embed must name at least one HBM channel
