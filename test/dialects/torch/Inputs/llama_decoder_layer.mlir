// A real transformers LlamaDecoderLayer (hidden 32, 4 heads, 2 KV heads, MLP 64, SDPA
// attention, dynamic sequence length) as torch-mlir's FX importer prints it in generic form,
// without debug locations; parameters are `accllm.weight` ops, as the frontend's importer hook
// makes them. Regenerate with torch.export + torch_mlir.extras.fx_importer.FxImporter.
"builtin.module"() ({
  "func.func"() <{function_type = (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,8],f32>, !torch.vtensor<[1,?,8],f32>, !torch.vtensor<[1,1,?,?],i1>) -> !torch.vtensor<[1,?,32],f32>, sym_name = "decoder_layer"}> ({
  ^bb0(%arg0: !torch.vtensor<[1,?,32],f32>, %arg1: !torch.vtensor<[1,?,8],f32>, %arg2: !torch.vtensor<[1,?,8],f32>, %arg3: !torch.vtensor<[1,1,?,?],i1>):
    %0 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %1 = "torch.aten.size.int"(%arg0, %0) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.int
    %2 = "torch.constant.none"() : () -> !torch.none
    %3 = "torch.constant.none"() : () -> !torch.none
    %4 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %5 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
    %6 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%arg0, %2, %3, %4, %5, %6) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %7 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %8 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %9 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %10 = "torch.constant.none"() : () -> !torch.none
    %11 = "torch.aten.to.dtype"(%arg0, %7, %8, %9, %10) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %12 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %13 = "torch.aten.pow.Tensor_Scalar"(%11, %12) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %14 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %15 = "torch.prim.ListConstruct"(%14) : (!torch.int) -> !torch.list<int>
    %16 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %17 = "torch.constant.none"() : () -> !torch.none
    %18 = "torch.aten.mean.dim"(%13, %15, %16, %17) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %19 = "torch.constant.float"() <{value = 9.9999999999999995E-7 : f64}> : () -> !torch.float
    %20 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %21 = "torch.aten.add.Scalar"(%18, %19, %20) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %22 = "torch.aten.rsqrt"(%21) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %23 = "torch.aten.mul.Tensor"(%11, %22) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %24 = "torch.constant.none"() : () -> !torch.none
    %25 = "torch.constant.none"() : () -> !torch.none
    %26 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %27 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
    %28 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%23, %24, %25, %26, %27, %28) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %29 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %30 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %31 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %32 = "torch.constant.none"() : () -> !torch.none
    %33 = "torch.aten.to.dtype"(%23, %29, %30, %31, %32) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %34 = "accllm.weight"() <{name = "l.input_layernorm.weight"}> : () -> !torch.vtensor<[32],f32>
    %35 = "torch.aten.mul.Tensor"(%34, %33) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %36 = "accllm.weight"() <{name = "l.self_attn.q_proj.weight"}> : () -> !torch.vtensor<[32,32],f32>
    %37 = "torch.constant.none"() : () -> !torch.none
    %38 = "torch.aten.linear"(%35, %36, %37) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %39 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %40 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %41 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %42 = "torch.prim.ListConstruct"(%39, %1, %40, %41) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %43 = "torch.aten.view"(%38, %42) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,4,8],f32>
    %44 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %45 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %46 = "torch.aten.transpose.int"(%43, %44, %45) : (!torch.vtensor<[1,?,4,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %47 = "accllm.weight"() <{name = "l.self_attn.k_proj.weight"}> : () -> !torch.vtensor<[16,32],f32>
    %48 = "torch.constant.none"() : () -> !torch.none
    %49 = "torch.aten.linear"(%35, %47, %48) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[16,32],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
    %50 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %51 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %52 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %53 = "torch.prim.ListConstruct"(%50, %1, %51, %52) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %54 = "torch.aten.view"(%49, %53) : (!torch.vtensor<[1,?,16],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,2,8],f32>
    %55 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %56 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %57 = "torch.aten.transpose.int"(%54, %55, %56) : (!torch.vtensor<[1,?,2,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %58 = "accllm.weight"() <{name = "l.self_attn.v_proj.weight"}> : () -> !torch.vtensor<[16,32],f32>
    %59 = "torch.constant.none"() : () -> !torch.none
    %60 = "torch.aten.linear"(%35, %58, %59) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[16,32],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
    %61 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %62 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %63 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %64 = "torch.prim.ListConstruct"(%61, %1, %62, %63) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %65 = "torch.aten.view"(%60, %64) : (!torch.vtensor<[1,?,16],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,2,8],f32>
    %66 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %67 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %68 = "torch.aten.transpose.int"(%65, %66, %67) : (!torch.vtensor<[1,?,2,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %69 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %70 = "torch.aten.unsqueeze"(%arg1, %69) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
    %71 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %72 = "torch.aten.unsqueeze"(%arg2, %71) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
    %73 = "torch.aten.mul.Tensor"(%46, %70) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,4,?,8],f32>
    %74 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %75 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %76 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %77 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %78 = "torch.aten.slice.Tensor"(%46, %74, %75, %76, %77) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
    %79 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %80 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %81 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
    %82 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %83 = "torch.aten.slice.Tensor"(%46, %79, %80, %81, %82) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
    %84 = "torch.aten.neg"(%83) : (!torch.vtensor<[1,4,?,4],f32>) -> !torch.vtensor<[1,4,?,4],f32>
    %85 = "torch.prim.ListConstruct"(%84, %78) : (!torch.vtensor<[1,4,?,4],f32>, !torch.vtensor<[1,4,?,4],f32>) -> !torch.list<vtensor>
    %86 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %87 = "torch.aten.cat"(%85, %86) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %88 = "torch.aten.mul.Tensor"(%87, %72) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,4,?,8],f32>
    %89 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %90 = "torch.aten.add.Tensor"(%73, %88, %89) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %91 = "torch.aten.mul.Tensor"(%57, %70) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,2,?,8],f32>
    %92 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %93 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %94 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %95 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %96 = "torch.aten.slice.Tensor"(%57, %92, %93, %94, %95) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,4],f32>
    %97 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %98 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %99 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
    %100 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %101 = "torch.aten.slice.Tensor"(%57, %97, %98, %99, %100) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,4],f32>
    %102 = "torch.aten.neg"(%101) : (!torch.vtensor<[1,2,?,4],f32>) -> !torch.vtensor<[1,2,?,4],f32>
    %103 = "torch.prim.ListConstruct"(%102, %96) : (!torch.vtensor<[1,2,?,4],f32>, !torch.vtensor<[1,2,?,4],f32>) -> !torch.list<vtensor>
    %104 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %105 = "torch.aten.cat"(%103, %104) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %106 = "torch.aten.mul.Tensor"(%105, %72) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,2,?,8],f32>
    %107 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %108 = "torch.aten.add.Tensor"(%91, %106, %107) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %109 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %110 = "torch.aten.unsqueeze"(%108, %109) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,1,?,8],f32>
    %111 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %112 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %113 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %114 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %115 = "torch.prim.ListConstruct"(%111, %112, %113, %1, %114) : (!torch.int, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %116 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %117 = "torch.aten.expand"(%110, %115, %116) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
    %118 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %119 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %120 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %121 = "torch.prim.ListConstruct"(%118, %119, %1, %120) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %122 = "torch.aten.reshape"(%117, %121) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %123 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %124 = "torch.aten.unsqueeze"(%68, %123) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,1,?,8],f32>
    %125 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %126 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %127 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %128 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %129 = "torch.prim.ListConstruct"(%125, %126, %127, %1, %128) : (!torch.int, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %130 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %131 = "torch.aten.expand"(%124, %129, %130) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
    %132 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %133 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %134 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %135 = "torch.prim.ListConstruct"(%132, %133, %1, %134) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %136 = "torch.aten.reshape"(%131, %135) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %137 = "torch.constant.float"() <{value = 0.000000e+00 : f64}> : () -> !torch.float
    %138 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %139 = "torch.constant.float"() <{value = 0.35355339059327379 : f64}> : () -> !torch.float
    %140 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %141 = "torch.aten.scaled_dot_product_attention"(%90, %122, %136, %arg3, %137, %138, %139, %140) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,?],i1>, !torch.float, !torch.bool, !torch.float, !torch.bool) -> !torch.vtensor<[1,4,?,8],f32>
    %142 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %143 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %144 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %145 = "torch.prim.ListConstruct"(%142, %143, %1, %144) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %146 = "torch.aten.reshape"(%141, %145) : (!torch.vtensor<[1,4,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %147 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %148 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %149 = "torch.aten.transpose.int"(%146, %147, %148) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,?,4,8],f32>
    %150 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %151 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %152 = "torch.prim.ListConstruct"(%150, %1, %151) : (!torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %153 = "torch.aten.reshape"(%149, %152) : (!torch.vtensor<[1,?,4,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,32],f32>
    %154 = "accllm.weight"() <{name = "l.self_attn.o_proj.weight"}> : () -> !torch.vtensor<[32,32],f32>
    %155 = "torch.constant.none"() : () -> !torch.none
    %156 = "torch.aten.linear"(%153, %154, %155) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %157 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %158 = "torch.aten.add.Tensor"(%11, %156, %157) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %159 = "torch.constant.none"() : () -> !torch.none
    %160 = "torch.constant.none"() : () -> !torch.none
    %161 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %162 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
    %163 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%158, %159, %160, %161, %162, %163) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %164 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %165 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %166 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %167 = "torch.constant.none"() : () -> !torch.none
    %168 = "torch.aten.to.dtype"(%158, %164, %165, %166, %167) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %169 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %170 = "torch.aten.pow.Tensor_Scalar"(%168, %169) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %171 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %172 = "torch.prim.ListConstruct"(%171) : (!torch.int) -> !torch.list<int>
    %173 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %174 = "torch.constant.none"() : () -> !torch.none
    %175 = "torch.aten.mean.dim"(%170, %172, %173, %174) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %176 = "torch.constant.float"() <{value = 9.9999999999999995E-7 : f64}> : () -> !torch.float
    %177 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %178 = "torch.aten.add.Scalar"(%175, %176, %177) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %179 = "torch.aten.rsqrt"(%178) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %180 = "torch.aten.mul.Tensor"(%168, %179) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %181 = "torch.constant.none"() : () -> !torch.none
    %182 = "torch.constant.none"() : () -> !torch.none
    %183 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %184 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
    %185 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%180, %181, %182, %183, %184, %185) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %186 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %187 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %188 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %189 = "torch.constant.none"() : () -> !torch.none
    %190 = "torch.aten.to.dtype"(%180, %186, %187, %188, %189) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %191 = "accllm.weight"() <{name = "l.post_attention_layernorm.weight"}> : () -> !torch.vtensor<[32],f32>
    %192 = "torch.aten.mul.Tensor"(%191, %190) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %193 = "accllm.weight"() <{name = "l.mlp.gate_proj.weight"}> : () -> !torch.vtensor<[64,32],f32>
    %194 = "torch.constant.none"() : () -> !torch.none
    %195 = "torch.aten.linear"(%192, %193, %194) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    %196 = "torch.aten.silu"(%195) : (!torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
    %197 = "accllm.weight"() <{name = "l.mlp.up_proj.weight"}> : () -> !torch.vtensor<[64,32],f32>
    %198 = "torch.constant.none"() : () -> !torch.none
    %199 = "torch.aten.linear"(%192, %197, %198) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    %200 = "torch.aten.mul.Tensor"(%196, %199) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
    %201 = "accllm.weight"() <{name = "l.mlp.down_proj.weight"}> : () -> !torch.vtensor<[32,64],f32>
    %202 = "torch.constant.none"() : () -> !torch.none
    %203 = "torch.aten.linear"(%200, %201, %202) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[32,64],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %204 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %205 = "torch.aten.add.Tensor"(%168, %203, %204) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    "func.return"(%205) : (!torch.vtensor<[1,?,32],f32>) -> ()
  }) {torch.assume_strict_symbolic_shapes} : () -> ()
}) : () -> ()
