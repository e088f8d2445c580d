// Imported by accllm's frontend (torch.export + torch-mlir FX importer) from a 2-layer
// LlamaConfig(vocab 64, hidden 32, ffn 64, 4 heads, 2 KV heads, untied), architecture only:
//   accllm.compile(LlamaConfig(...)).torch_ir
builtin.module {
  func.func @forward(%arg0: !torch.vtensor<[1,?],si64>) -> !torch.vtensor<[1,?,64],f32> attributes {torch.assume_strict_symbolic_shapes} {
    %0 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %1 = "torch.aten.size.int"(%arg0, %0) : (!torch.vtensor<[1,?],si64>, !torch.int) -> !torch.int
    %2 = accllm.weight "model.embed_tokens.weight" : !torch.vtensor<[64,32],f32>
    %3 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %4 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %5 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %6 = "torch.aten.embedding"(%2, %arg0, %3, %4, %5) : (!torch.vtensor<[64,32],f32>, !torch.vtensor<[1,?],si64>, !torch.int, !torch.bool, !torch.bool) -> !torch.vtensor<[1,?,32],f32>
    %7 = "torch.constant.none"() : () -> !torch.none
    %8 = "torch.constant.none"() : () -> !torch.none
    %9 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %10 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %11 = "torch.aten.arange"(%1, %7, %8, %9, %10) : (!torch.int, !torch.none, !torch.none, !torch.Device, !torch.bool) -> !torch.vtensor<[?],si64>
    %12 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %13 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %14 = "torch.aten.add.Scalar"(%11, %12, %13) : (!torch.vtensor<[?],si64>, !torch.int, !torch.int) -> !torch.vtensor<[?],si64>
    %15 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %16 = "torch.aten.unsqueeze"(%14, %15) : (!torch.vtensor<[?],si64>, !torch.int) -> !torch.vtensor<[1,?],si64>
    %17 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %18 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %19 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %20 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %21 = "torch.aten.slice.Tensor"(%16, %17, %18, %19, %20) : (!torch.vtensor<[1,?],si64>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,1],si64>
    %22 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %23 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %24 = "torch.aten.sub.Scalar"(%21, %22, %23) : (!torch.vtensor<[1,1],si64>, !torch.int, !torch.int) -> !torch.vtensor<[1,1],si64>
    %25 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %26 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %27 = "torch.constant.none"() : () -> !torch.none
    %28 = "torch.operator"(%16, %25, %26, %24, %27) <{name = "torch.aten.diff"}> : (!torch.vtensor<[1,?],si64>, !torch.int, !torch.int, !torch.vtensor<[1,1],si64>, !torch.none) -> !torch.vtensor<[1,?],si64>
    %29 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %30 = "torch.aten.ne.Scalar"(%28, %29) : (!torch.vtensor<[1,?],si64>, !torch.int) -> !torch.vtensor<[1,?],i1>
    %31 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %32 = "torch.constant.none"() : () -> !torch.none
    %33 = "torch.aten.cumsum"(%30, %31, %32) : (!torch.vtensor<[1,?],i1>, !torch.int, !torch.none) -> !torch.vtensor<[1,?],si64>
    %34 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %35 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %36 = "torch.prim.ListConstruct"(%34, %35) : (!torch.int, !torch.int) -> !torch.list<int>
    %37 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %38 = "torch.aten.expand"(%16, %36, %37) : (!torch.vtensor<[1,?],si64>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,?],si64>
    %39 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %40 = "torch.constant.none"() : () -> !torch.none
    %41 = "torch.constant.none"() : () -> !torch.none
    %42 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %43 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %44 = "torch.aten.arange"(%39, %40, %41, %42, %43) : (!torch.int, !torch.none, !torch.none, !torch.Device, !torch.bool) -> !torch.vtensor<[1],si64>
    %45 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %46 = "torch.constant.none"() : () -> !torch.none
    %47 = "torch.constant.none"() : () -> !torch.none
    %48 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %49 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %50 = "torch.aten.arange"(%45, %46, %47, %48, %49) : (!torch.int, !torch.none, !torch.none, !torch.Device, !torch.bool) -> !torch.vtensor<[1],si64>
    %51 = "torch.constant.none"() : () -> !torch.none
    %52 = "torch.constant.none"() : () -> !torch.none
    %53 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %54 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %55 = "torch.aten.arange"(%1, %51, %52, %53, %54) : (!torch.int, !torch.none, !torch.none, !torch.Device, !torch.bool) -> !torch.vtensor<[?],si64>
    %56 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %57 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %58 = "torch.aten.add.Scalar"(%55, %56, %57) : (!torch.vtensor<[?],si64>, !torch.int, !torch.int) -> !torch.vtensor<[?],si64>
    %59 = "torch.constant.none"() : () -> !torch.none
    %60 = "torch.constant.none"() : () -> !torch.none
    %61 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %62 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %63 = "torch.aten.arange"(%1, %59, %60, %61, %62) : (!torch.int, !torch.none, !torch.none, !torch.Device, !torch.bool) -> !torch.vtensor<[?],si64>
    %64 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %65 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %66 = "torch.aten.add.Scalar"(%63, %64, %65) : (!torch.vtensor<[?],si64>, !torch.int, !torch.int) -> !torch.vtensor<[?],si64>
    %67 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %68 = "torch.aten.unsqueeze"(%44, %67) : (!torch.vtensor<[1],si64>, !torch.int) -> !torch.vtensor<[1,1],si64>
    %69 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %70 = "torch.aten.unsqueeze"(%68, %69) : (!torch.vtensor<[1,1],si64>, !torch.int) -> !torch.vtensor<[1,1,1],si64>
    %71 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %72 = "torch.aten.unsqueeze"(%70, %71) : (!torch.vtensor<[1,1,1],si64>, !torch.int) -> !torch.vtensor<[1,1,1,1],si64>
    %73 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %74 = "torch.aten.unsqueeze"(%50, %73) : (!torch.vtensor<[1],si64>, !torch.int) -> !torch.vtensor<[1,1],si64>
    %75 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %76 = "torch.aten.unsqueeze"(%74, %75) : (!torch.vtensor<[1,1],si64>, !torch.int) -> !torch.vtensor<[1,1,1],si64>
    %77 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %78 = "torch.aten.unsqueeze"(%76, %77) : (!torch.vtensor<[1,1,1],si64>, !torch.int) -> !torch.vtensor<[1,1,1,1],si64>
    %79 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %80 = "torch.aten.unsqueeze"(%58, %79) : (!torch.vtensor<[?],si64>, !torch.int) -> !torch.vtensor<[1,?],si64>
    %81 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %82 = "torch.aten.unsqueeze"(%80, %81) : (!torch.vtensor<[1,?],si64>, !torch.int) -> !torch.vtensor<[1,1,?],si64>
    %83 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %84 = "torch.aten.unsqueeze"(%82, %83) : (!torch.vtensor<[1,1,?],si64>, !torch.int) -> !torch.vtensor<[1,1,?,1],si64>
    %85 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %86 = "torch.aten.unsqueeze"(%66, %85) : (!torch.vtensor<[?],si64>, !torch.int) -> !torch.vtensor<[1,?],si64>
    %87 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %88 = "torch.aten.unsqueeze"(%86, %87) : (!torch.vtensor<[1,?],si64>, !torch.int) -> !torch.vtensor<[1,1,?],si64>
    %89 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %90 = "torch.aten.unsqueeze"(%88, %89) : (!torch.vtensor<[1,1,?],si64>, !torch.int) -> !torch.vtensor<[1,1,1,?],si64>
    %91 = "torch.prim.ListConstruct"() : () -> !torch.list<int>
    %92 = "torch.constant.int"() <{value = 11 : i64}> : () -> !torch.int
    %93 = "torch.constant.none"() : () -> !torch.none
    %94 = "torch.constant.none"() : () -> !torch.none
    %95 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %96 = "torch.aten.new_ones"(%84, %91, %92, %93, %94, %95) : (!torch.vtensor<[1,1,?,1],si64>, !torch.list<int>, !torch.int, !torch.none, !torch.none, !torch.bool) -> !torch.vtensor<[],i1>
    %97 = "torch.prim.ListConstruct"(%72, %84) : (!torch.vtensor<[1,1,1,1],si64>, !torch.vtensor<[1,1,?,1],si64>) -> !torch.list<optional<vtensor>>
    %98 = "torch.aten.index.Tensor"(%38, %97) : (!torch.vtensor<[1,?],si64>, !torch.list<optional<vtensor>>) -> !torch.vtensor<[1,1,?,1],si64>
    %99 = "torch.prim.ListConstruct"(%72, %90) : (!torch.vtensor<[1,1,1,1],si64>, !torch.vtensor<[1,1,1,?],si64>) -> !torch.list<optional<vtensor>>
    %100 = "torch.aten.index.Tensor"(%38, %99) : (!torch.vtensor<[1,?],si64>, !torch.list<optional<vtensor>>) -> !torch.vtensor<[1,1,1,?],si64>
    %101 = "torch.aten.le.Tensor"(%100, %98) : (!torch.vtensor<[1,1,1,?],si64>, !torch.vtensor<[1,1,?,1],si64>) -> !torch.vtensor<[1,1,?,?],i1>
    %102 = "torch.constant.none"() : () -> !torch.none
    %103 = "torch.constant.none"() : () -> !torch.none
    %104 = "torch.constant.int"() <{value = 11 : i64}> : () -> !torch.int
    %105 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %106 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%101, %102, %103, %104, %105, %106) : (!torch.vtensor<[1,1,?,?],i1>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %107 = "torch.constant.int"() <{value = 11 : i64}> : () -> !torch.int
    %108 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %109 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %110 = "torch.constant.none"() : () -> !torch.none
    %111 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %112 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %113 = "torch.constant.none"() : () -> !torch.none
    %114 = "torch.aten.to.dtype_layout"(%101, %107, %108, %109, %110, %111, %112, %113) : (!torch.vtensor<[1,1,?,?],i1>, !torch.int, !torch.int, !torch.Device, !torch.none, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,1,?,?],i1>
    %115 = "torch.aten.__and__.Tensor"(%96, %114) : (!torch.vtensor<[],i1>, !torch.vtensor<[1,1,?,?],i1>) -> !torch.vtensor<[1,1,?,?],i1>
    %116 = "torch.prim.ListConstruct"(%72, %84) : (!torch.vtensor<[1,1,1,1],si64>, !torch.vtensor<[1,1,?,1],si64>) -> !torch.list<optional<vtensor>>
    %117 = "torch.aten.index.Tensor"(%33, %116) : (!torch.vtensor<[1,?],si64>, !torch.list<optional<vtensor>>) -> !torch.vtensor<[1,1,?,1],si64>
    %118 = "torch.prim.ListConstruct"(%72, %90) : (!torch.vtensor<[1,1,1,1],si64>, !torch.vtensor<[1,1,1,?],si64>) -> !torch.list<optional<vtensor>>
    %119 = "torch.aten.index.Tensor"(%33, %118) : (!torch.vtensor<[1,?],si64>, !torch.list<optional<vtensor>>) -> !torch.vtensor<[1,1,1,?],si64>
    %120 = "torch.aten.eq.Tensor"(%117, %119) : (!torch.vtensor<[1,1,?,1],si64>, !torch.vtensor<[1,1,1,?],si64>) -> !torch.vtensor<[1,1,?,?],i1>
    %121 = "torch.constant.none"() : () -> !torch.none
    %122 = "torch.constant.none"() : () -> !torch.none
    %123 = "torch.constant.int"() <{value = 11 : i64}> : () -> !torch.int
    %124 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %125 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%120, %121, %122, %123, %124, %125) : (!torch.vtensor<[1,1,?,?],i1>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %126 = "torch.constant.int"() <{value = 11 : i64}> : () -> !torch.int
    %127 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %128 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %129 = "torch.constant.none"() : () -> !torch.none
    %130 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %131 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %132 = "torch.constant.none"() : () -> !torch.none
    %133 = "torch.aten.to.dtype_layout"(%120, %126, %127, %128, %129, %130, %131, %132) : (!torch.vtensor<[1,1,?,?],i1>, !torch.int, !torch.int, !torch.Device, !torch.none, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,1,?,?],i1>
    %134 = "torch.aten.__and__.Tensor"(%115, %133) : (!torch.vtensor<[1,1,?,?],i1>, !torch.vtensor<[1,1,?,?],i1>) -> !torch.vtensor<[1,1,?,?],i1>
    %135 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %136 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %137 = "torch.prim.ListConstruct"(%135, %136, %1, %1) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %138 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %139 = "torch.aten.expand"(%134, %137, %138) : (!torch.vtensor<[1,1,?,?],i1>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,1,?,?],i1>
    %140 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %141 = "torch.aten.unsqueeze"(%16, %140) : (!torch.vtensor<[1,?],si64>, !torch.int) -> !torch.vtensor<[1,?,1],si64>
    %142 = "torch.constant.none"() : () -> !torch.none
    %143 = "torch.constant.none"() : () -> !torch.none
    %144 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %145 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %146 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%141, %142, %143, %144, %145, %146) : (!torch.vtensor<[1,?,1],si64>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %147 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %148 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %149 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %150 = "torch.constant.none"() : () -> !torch.none
    %151 = "torch.aten.to.dtype"(%141, %147, %148, %149, %150) : (!torch.vtensor<[1,?,1],si64>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %152 = "torch.vtensor.literal"() <{value = dense<[1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03]> : tensor<4xf32>}> : () -> !torch.vtensor<[4],f32>
    %153 = "torch.constant.none"() : () -> !torch.none
    %154 = "torch.constant.none"() : () -> !torch.none
    %155 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %156 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
    %157 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%152, %153, %154, %155, %156, %157) : (!torch.vtensor<[4],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %158 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %159 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %160 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %161 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %162 = "torch.constant.none"() : () -> !torch.none
    %163 = "torch.aten.to.device"(%152, %158, %159, %160, %161, %162) : (!torch.vtensor<[4],f32>, !torch.Device, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[4],f32>
    %164 = "torch.aten.mul.Tensor"(%151, %163) : (!torch.vtensor<[1,?,1],f32>, !torch.vtensor<[4],f32>) -> !torch.vtensor<[1,?,4],f32>
    %165 = "torch.prim.ListConstruct"(%164, %164) : (!torch.vtensor<[1,?,4],f32>, !torch.vtensor<[1,?,4],f32>) -> !torch.list<vtensor>
    %166 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %167 = "torch.aten.cat"(%165, %166) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,?,8],f32>
    %168 = "torch.aten.cos"(%167) : (!torch.vtensor<[1,?,8],f32>) -> !torch.vtensor<[1,?,8],f32>
    %169 = "torch.constant.float"() <{value = 1.000000e+00 : f64}> : () -> !torch.float
    %170 = "torch.aten.mul.Scalar"(%168, %169) : (!torch.vtensor<[1,?,8],f32>, !torch.float) -> !torch.vtensor<[1,?,8],f32>
    %171 = "torch.aten.sin"(%167) : (!torch.vtensor<[1,?,8],f32>) -> !torch.vtensor<[1,?,8],f32>
    %172 = "torch.constant.float"() <{value = 1.000000e+00 : f64}> : () -> !torch.float
    %173 = "torch.aten.mul.Scalar"(%171, %172) : (!torch.vtensor<[1,?,8],f32>, !torch.float) -> !torch.vtensor<[1,?,8],f32>
    %174 = "torch.constant.none"() : () -> !torch.none
    %175 = "torch.constant.none"() : () -> !torch.none
    %176 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %177 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %178 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%170, %174, %175, %176, %177, %178) : (!torch.vtensor<[1,?,8],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %179 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %180 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %181 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %182 = "torch.constant.none"() : () -> !torch.none
    %183 = "torch.aten.to.dtype"(%170, %179, %180, %181, %182) : (!torch.vtensor<[1,?,8],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,8],f32>
    %184 = "torch.constant.none"() : () -> !torch.none
    %185 = "torch.constant.none"() : () -> !torch.none
    %186 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %187 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %188 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%173, %184, %185, %186, %187, %188) : (!torch.vtensor<[1,?,8],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %189 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %190 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %191 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %192 = "torch.constant.none"() : () -> !torch.none
    %193 = "torch.aten.to.dtype"(%173, %189, %190, %191, %192) : (!torch.vtensor<[1,?,8],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,8],f32>
    %194 = "torch.constant.none"() : () -> !torch.none
    %195 = "torch.constant.none"() : () -> !torch.none
    %196 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %197 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %198 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%6, %194, %195, %196, %197, %198) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %199 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %200 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %201 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %202 = "torch.constant.none"() : () -> !torch.none
    %203 = "torch.aten.to.dtype"(%6, %199, %200, %201, %202) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %204 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %205 = "torch.aten.pow.Tensor_Scalar"(%203, %204) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %206 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %207 = "torch.prim.ListConstruct"(%206) : (!torch.int) -> !torch.list<int>
    %208 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %209 = "torch.constant.none"() : () -> !torch.none
    %210 = "torch.aten.mean.dim"(%205, %207, %208, %209) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %211 = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
    %212 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %213 = "torch.aten.add.Scalar"(%210, %211, %212) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %214 = "torch.aten.rsqrt"(%213) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %215 = "torch.aten.mul.Tensor"(%203, %214) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %216 = "torch.constant.none"() : () -> !torch.none
    %217 = "torch.constant.none"() : () -> !torch.none
    %218 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %219 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %220 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%215, %216, %217, %218, %219, %220) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %221 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %222 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %223 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %224 = "torch.constant.none"() : () -> !torch.none
    %225 = "torch.aten.to.dtype"(%215, %221, %222, %223, %224) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %226 = accllm.weight "model.layers.0.input_layernorm.weight" : !torch.vtensor<[32],f32>
    %227 = "torch.aten.mul.Tensor"(%226, %225) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %228 = accllm.weight "model.layers.0.self_attn.q_proj.weight" : !torch.vtensor<[32,32],f32>
    %229 = "torch.constant.none"() : () -> !torch.none
    %230 = "torch.aten.linear"(%227, %228, %229) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %231 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %232 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %233 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %234 = "torch.prim.ListConstruct"(%231, %1, %232, %233) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %235 = "torch.aten.view"(%230, %234) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,4,8],f32>
    %236 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %237 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %238 = "torch.aten.transpose.int"(%235, %236, %237) : (!torch.vtensor<[1,?,4,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %239 = accllm.weight "model.layers.0.self_attn.k_proj.weight" : !torch.vtensor<[16,32],f32>
    %240 = "torch.constant.none"() : () -> !torch.none
    %241 = "torch.aten.linear"(%227, %239, %240) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[16,32],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
    %242 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %243 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %244 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %245 = "torch.prim.ListConstruct"(%242, %1, %243, %244) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %246 = "torch.aten.view"(%241, %245) : (!torch.vtensor<[1,?,16],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,2,8],f32>
    %247 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %248 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %249 = "torch.aten.transpose.int"(%246, %247, %248) : (!torch.vtensor<[1,?,2,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %250 = accllm.weight "model.layers.0.self_attn.v_proj.weight" : !torch.vtensor<[16,32],f32>
    %251 = "torch.constant.none"() : () -> !torch.none
    %252 = "torch.aten.linear"(%227, %250, %251) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[16,32],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
    %253 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %254 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %255 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %256 = "torch.prim.ListConstruct"(%253, %1, %254, %255) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %257 = "torch.aten.view"(%252, %256) : (!torch.vtensor<[1,?,16],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,2,8],f32>
    %258 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %259 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %260 = "torch.aten.transpose.int"(%257, %258, %259) : (!torch.vtensor<[1,?,2,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %261 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %262 = "torch.aten.unsqueeze"(%183, %261) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
    %263 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %264 = "torch.aten.unsqueeze"(%193, %263) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
    %265 = "torch.aten.mul.Tensor"(%238, %262) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,4,?,8],f32>
    %266 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %267 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %268 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %269 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %270 = "torch.aten.slice.Tensor"(%238, %266, %267, %268, %269) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
    %271 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %272 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %273 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
    %274 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %275 = "torch.aten.slice.Tensor"(%238, %271, %272, %273, %274) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
    %276 = "torch.aten.neg"(%275) : (!torch.vtensor<[1,4,?,4],f32>) -> !torch.vtensor<[1,4,?,4],f32>
    %277 = "torch.prim.ListConstruct"(%276, %270) : (!torch.vtensor<[1,4,?,4],f32>, !torch.vtensor<[1,4,?,4],f32>) -> !torch.list<vtensor>
    %278 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %279 = "torch.aten.cat"(%277, %278) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %280 = "torch.aten.mul.Tensor"(%279, %264) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,4,?,8],f32>
    %281 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %282 = "torch.aten.add.Tensor"(%265, %280, %281) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %283 = "torch.aten.mul.Tensor"(%249, %262) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,2,?,8],f32>
    %284 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %285 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %286 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %287 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %288 = "torch.aten.slice.Tensor"(%249, %284, %285, %286, %287) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,4],f32>
    %289 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %290 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %291 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
    %292 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %293 = "torch.aten.slice.Tensor"(%249, %289, %290, %291, %292) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,4],f32>
    %294 = "torch.aten.neg"(%293) : (!torch.vtensor<[1,2,?,4],f32>) -> !torch.vtensor<[1,2,?,4],f32>
    %295 = "torch.prim.ListConstruct"(%294, %288) : (!torch.vtensor<[1,2,?,4],f32>, !torch.vtensor<[1,2,?,4],f32>) -> !torch.list<vtensor>
    %296 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %297 = "torch.aten.cat"(%295, %296) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %298 = "torch.aten.mul.Tensor"(%297, %264) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,2,?,8],f32>
    %299 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %300 = "torch.aten.add.Tensor"(%283, %298, %299) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %301 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %302 = "torch.aten.unsqueeze"(%300, %301) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,1,?,8],f32>
    %303 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %304 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %305 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %306 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %307 = "torch.prim.ListConstruct"(%303, %304, %305, %1, %306) : (!torch.int, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %308 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %309 = "torch.aten.expand"(%302, %307, %308) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
    %310 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %311 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %312 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %313 = "torch.prim.ListConstruct"(%310, %311, %1, %312) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %314 = "torch.aten.reshape"(%309, %313) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %315 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %316 = "torch.aten.unsqueeze"(%260, %315) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,1,?,8],f32>
    %317 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %318 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %319 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %320 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %321 = "torch.prim.ListConstruct"(%317, %318, %319, %1, %320) : (!torch.int, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %322 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %323 = "torch.aten.expand"(%316, %321, %322) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
    %324 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %325 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %326 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %327 = "torch.prim.ListConstruct"(%324, %325, %1, %326) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %328 = "torch.aten.reshape"(%323, %327) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %329 = "torch.constant.float"() <{value = 0.000000e+00 : f64}> : () -> !torch.float
    %330 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %331 = "torch.constant.float"() <{value = 0.35355339059327379 : f64}> : () -> !torch.float
    %332 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %333 = "torch.aten.scaled_dot_product_attention"(%282, %314, %328, %139, %329, %330, %331, %332) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,?],i1>, !torch.float, !torch.bool, !torch.float, !torch.bool) -> !torch.vtensor<[1,4,?,8],f32>
    %334 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %335 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %336 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %337 = "torch.prim.ListConstruct"(%334, %335, %1, %336) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %338 = "torch.aten.reshape"(%333, %337) : (!torch.vtensor<[1,4,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %339 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %340 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %341 = "torch.aten.transpose.int"(%338, %339, %340) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,?,4,8],f32>
    %342 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %343 = "torch.aten.contiguous"(%341, %342) : (!torch.vtensor<[1,?,4,8],f32>, !torch.int) -> !torch.vtensor<[1,?,4,8],f32>
    %344 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %345 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %346 = "torch.prim.ListConstruct"(%344, %1, %345) : (!torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %347 = "torch.aten.reshape"(%343, %346) : (!torch.vtensor<[1,?,4,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,32],f32>
    %348 = accllm.weight "model.layers.0.self_attn.o_proj.weight" : !torch.vtensor<[32,32],f32>
    %349 = "torch.constant.none"() : () -> !torch.none
    %350 = "torch.aten.linear"(%347, %348, %349) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %351 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %352 = "torch.aten.add.Tensor"(%203, %350, %351) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %353 = "torch.constant.none"() : () -> !torch.none
    %354 = "torch.constant.none"() : () -> !torch.none
    %355 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %356 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %357 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%352, %353, %354, %355, %356, %357) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %358 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %359 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %360 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %361 = "torch.constant.none"() : () -> !torch.none
    %362 = "torch.aten.to.dtype"(%352, %358, %359, %360, %361) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %363 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %364 = "torch.aten.pow.Tensor_Scalar"(%362, %363) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %365 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %366 = "torch.prim.ListConstruct"(%365) : (!torch.int) -> !torch.list<int>
    %367 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %368 = "torch.constant.none"() : () -> !torch.none
    %369 = "torch.aten.mean.dim"(%364, %366, %367, %368) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %370 = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
    %371 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %372 = "torch.aten.add.Scalar"(%369, %370, %371) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %373 = "torch.aten.rsqrt"(%372) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %374 = "torch.aten.mul.Tensor"(%362, %373) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %375 = "torch.constant.none"() : () -> !torch.none
    %376 = "torch.constant.none"() : () -> !torch.none
    %377 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %378 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %379 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%374, %375, %376, %377, %378, %379) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %380 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %381 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %382 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %383 = "torch.constant.none"() : () -> !torch.none
    %384 = "torch.aten.to.dtype"(%374, %380, %381, %382, %383) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %385 = accllm.weight "model.layers.0.post_attention_layernorm.weight" : !torch.vtensor<[32],f32>
    %386 = "torch.aten.mul.Tensor"(%385, %384) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %387 = accllm.weight "model.layers.0.mlp.gate_proj.weight" : !torch.vtensor<[64,32],f32>
    %388 = "torch.constant.none"() : () -> !torch.none
    %389 = "torch.aten.linear"(%386, %387, %388) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    %390 = "torch.aten.silu"(%389) : (!torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
    %391 = accllm.weight "model.layers.0.mlp.up_proj.weight" : !torch.vtensor<[64,32],f32>
    %392 = "torch.constant.none"() : () -> !torch.none
    %393 = "torch.aten.linear"(%386, %391, %392) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    %394 = "torch.aten.mul.Tensor"(%390, %393) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
    %395 = accllm.weight "model.layers.0.mlp.down_proj.weight" : !torch.vtensor<[32,64],f32>
    %396 = "torch.constant.none"() : () -> !torch.none
    %397 = "torch.aten.linear"(%394, %395, %396) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[32,64],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %398 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %399 = "torch.aten.add.Tensor"(%362, %397, %398) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %400 = "torch.constant.none"() : () -> !torch.none
    %401 = "torch.constant.none"() : () -> !torch.none
    %402 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %403 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %404 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%399, %400, %401, %402, %403, %404) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %405 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %406 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %407 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %408 = "torch.constant.none"() : () -> !torch.none
    %409 = "torch.aten.to.dtype"(%399, %405, %406, %407, %408) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %410 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %411 = "torch.aten.pow.Tensor_Scalar"(%409, %410) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %412 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %413 = "torch.prim.ListConstruct"(%412) : (!torch.int) -> !torch.list<int>
    %414 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %415 = "torch.constant.none"() : () -> !torch.none
    %416 = "torch.aten.mean.dim"(%411, %413, %414, %415) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %417 = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
    %418 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %419 = "torch.aten.add.Scalar"(%416, %417, %418) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %420 = "torch.aten.rsqrt"(%419) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %421 = "torch.aten.mul.Tensor"(%409, %420) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %422 = "torch.constant.none"() : () -> !torch.none
    %423 = "torch.constant.none"() : () -> !torch.none
    %424 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %425 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %426 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%421, %422, %423, %424, %425, %426) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %427 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %428 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %429 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %430 = "torch.constant.none"() : () -> !torch.none
    %431 = "torch.aten.to.dtype"(%421, %427, %428, %429, %430) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %432 = accllm.weight "model.layers.1.input_layernorm.weight" : !torch.vtensor<[32],f32>
    %433 = "torch.aten.mul.Tensor"(%432, %431) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %434 = accllm.weight "model.layers.1.self_attn.q_proj.weight" : !torch.vtensor<[32,32],f32>
    %435 = "torch.constant.none"() : () -> !torch.none
    %436 = "torch.aten.linear"(%433, %434, %435) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %437 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %438 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %439 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %440 = "torch.prim.ListConstruct"(%437, %1, %438, %439) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %441 = "torch.aten.view"(%436, %440) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,4,8],f32>
    %442 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %443 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %444 = "torch.aten.transpose.int"(%441, %442, %443) : (!torch.vtensor<[1,?,4,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %445 = accllm.weight "model.layers.1.self_attn.k_proj.weight" : !torch.vtensor<[16,32],f32>
    %446 = "torch.constant.none"() : () -> !torch.none
    %447 = "torch.aten.linear"(%433, %445, %446) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[16,32],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
    %448 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %449 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %450 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %451 = "torch.prim.ListConstruct"(%448, %1, %449, %450) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %452 = "torch.aten.view"(%447, %451) : (!torch.vtensor<[1,?,16],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,2,8],f32>
    %453 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %454 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %455 = "torch.aten.transpose.int"(%452, %453, %454) : (!torch.vtensor<[1,?,2,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %456 = accllm.weight "model.layers.1.self_attn.v_proj.weight" : !torch.vtensor<[16,32],f32>
    %457 = "torch.constant.none"() : () -> !torch.none
    %458 = "torch.aten.linear"(%433, %456, %457) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[16,32],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
    %459 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %460 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %461 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %462 = "torch.prim.ListConstruct"(%459, %1, %460, %461) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %463 = "torch.aten.view"(%458, %462) : (!torch.vtensor<[1,?,16],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,2,8],f32>
    %464 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %465 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %466 = "torch.aten.transpose.int"(%463, %464, %465) : (!torch.vtensor<[1,?,2,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %467 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %468 = "torch.aten.unsqueeze"(%183, %467) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
    %469 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %470 = "torch.aten.unsqueeze"(%193, %469) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,1,?,8],f32>
    %471 = "torch.aten.mul.Tensor"(%444, %468) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,4,?,8],f32>
    %472 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %473 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %474 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %475 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %476 = "torch.aten.slice.Tensor"(%444, %472, %473, %474, %475) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
    %477 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %478 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %479 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
    %480 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %481 = "torch.aten.slice.Tensor"(%444, %477, %478, %479, %480) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,4,?,4],f32>
    %482 = "torch.aten.neg"(%481) : (!torch.vtensor<[1,4,?,4],f32>) -> !torch.vtensor<[1,4,?,4],f32>
    %483 = "torch.prim.ListConstruct"(%482, %476) : (!torch.vtensor<[1,4,?,4],f32>, !torch.vtensor<[1,4,?,4],f32>) -> !torch.list<vtensor>
    %484 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %485 = "torch.aten.cat"(%483, %484) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %486 = "torch.aten.mul.Tensor"(%485, %470) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,4,?,8],f32>
    %487 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %488 = "torch.aten.add.Tensor"(%471, %486, %487) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.int) -> !torch.vtensor<[1,4,?,8],f32>
    %489 = "torch.aten.mul.Tensor"(%455, %468) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,2,?,8],f32>
    %490 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %491 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %492 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %493 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %494 = "torch.aten.slice.Tensor"(%455, %490, %491, %492, %493) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,4],f32>
    %495 = "torch.constant.int"() <{value = 3 : i64}> : () -> !torch.int
    %496 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %497 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
    %498 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %499 = "torch.aten.slice.Tensor"(%455, %495, %496, %497, %498) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.vtensor<[1,2,?,4],f32>
    %500 = "torch.aten.neg"(%499) : (!torch.vtensor<[1,2,?,4],f32>) -> !torch.vtensor<[1,2,?,4],f32>
    %501 = "torch.prim.ListConstruct"(%500, %494) : (!torch.vtensor<[1,2,?,4],f32>, !torch.vtensor<[1,2,?,4],f32>) -> !torch.list<vtensor>
    %502 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %503 = "torch.aten.cat"(%501, %502) : (!torch.list<vtensor>, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %504 = "torch.aten.mul.Tensor"(%503, %470) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,1,?,8],f32>) -> !torch.vtensor<[1,2,?,8],f32>
    %505 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %506 = "torch.aten.add.Tensor"(%489, %504, %505) : (!torch.vtensor<[1,2,?,8],f32>, !torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,?,8],f32>
    %507 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %508 = "torch.aten.unsqueeze"(%506, %507) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,1,?,8],f32>
    %509 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %510 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %511 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %512 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %513 = "torch.prim.ListConstruct"(%509, %510, %511, %1, %512) : (!torch.int, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %514 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %515 = "torch.aten.expand"(%508, %513, %514) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
    %516 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %517 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %518 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %519 = "torch.prim.ListConstruct"(%516, %517, %1, %518) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %520 = "torch.aten.reshape"(%515, %519) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %521 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %522 = "torch.aten.unsqueeze"(%466, %521) : (!torch.vtensor<[1,2,?,8],f32>, !torch.int) -> !torch.vtensor<[1,2,1,?,8],f32>
    %523 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %524 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %525 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %526 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %527 = "torch.prim.ListConstruct"(%523, %524, %525, %1, %526) : (!torch.int, !torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %528 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %529 = "torch.aten.expand"(%522, %527, %528) : (!torch.vtensor<[1,2,1,?,8],f32>, !torch.list<int>, !torch.bool) -> !torch.vtensor<[1,2,2,?,8],f32>
    %530 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %531 = "torch.constant.int"() <{value = 4 : i64}> : () -> !torch.int
    %532 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %533 = "torch.prim.ListConstruct"(%530, %531, %1, %532) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %534 = "torch.aten.reshape"(%529, %533) : (!torch.vtensor<[1,2,2,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %535 = "torch.constant.float"() <{value = 0.000000e+00 : f64}> : () -> !torch.float
    %536 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %537 = "torch.constant.float"() <{value = 0.35355339059327379 : f64}> : () -> !torch.float
    %538 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %539 = "torch.aten.scaled_dot_product_attention"(%488, %520, %534, %139, %535, %536, %537, %538) : (!torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,4,?,8],f32>, !torch.vtensor<[1,1,?,?],i1>, !torch.float, !torch.bool, !torch.float, !torch.bool) -> !torch.vtensor<[1,4,?,8],f32>
    %540 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %541 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %542 = "torch.constant.int"() <{value = 8 : i64}> : () -> !torch.int
    %543 = "torch.prim.ListConstruct"(%540, %541, %1, %542) : (!torch.int, !torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %544 = "torch.aten.reshape"(%539, %543) : (!torch.vtensor<[1,4,?,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,4,?,8],f32>
    %545 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %546 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %547 = "torch.aten.transpose.int"(%544, %545, %546) : (!torch.vtensor<[1,4,?,8],f32>, !torch.int, !torch.int) -> !torch.vtensor<[1,?,4,8],f32>
    %548 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    %549 = "torch.aten.contiguous"(%547, %548) : (!torch.vtensor<[1,?,4,8],f32>, !torch.int) -> !torch.vtensor<[1,?,4,8],f32>
    %550 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %551 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %552 = "torch.prim.ListConstruct"(%550, %1, %551) : (!torch.int, !torch.int, !torch.int) -> !torch.list<int>
    %553 = "torch.aten.reshape"(%549, %552) : (!torch.vtensor<[1,?,4,8],f32>, !torch.list<int>) -> !torch.vtensor<[1,?,32],f32>
    %554 = accllm.weight "model.layers.1.self_attn.o_proj.weight" : !torch.vtensor<[32,32],f32>
    %555 = "torch.constant.none"() : () -> !torch.none
    %556 = "torch.aten.linear"(%553, %554, %555) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[32,32],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %557 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %558 = "torch.aten.add.Tensor"(%409, %556, %557) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %559 = "torch.constant.none"() : () -> !torch.none
    %560 = "torch.constant.none"() : () -> !torch.none
    %561 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %562 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %563 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%558, %559, %560, %561, %562, %563) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %564 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %565 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %566 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %567 = "torch.constant.none"() : () -> !torch.none
    %568 = "torch.aten.to.dtype"(%558, %564, %565, %566, %567) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %569 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %570 = "torch.aten.pow.Tensor_Scalar"(%568, %569) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %571 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %572 = "torch.prim.ListConstruct"(%571) : (!torch.int) -> !torch.list<int>
    %573 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %574 = "torch.constant.none"() : () -> !torch.none
    %575 = "torch.aten.mean.dim"(%570, %572, %573, %574) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %576 = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
    %577 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %578 = "torch.aten.add.Scalar"(%575, %576, %577) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %579 = "torch.aten.rsqrt"(%578) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %580 = "torch.aten.mul.Tensor"(%568, %579) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %581 = "torch.constant.none"() : () -> !torch.none
    %582 = "torch.constant.none"() : () -> !torch.none
    %583 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %584 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %585 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%580, %581, %582, %583, %584, %585) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %586 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %587 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %588 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %589 = "torch.constant.none"() : () -> !torch.none
    %590 = "torch.aten.to.dtype"(%580, %586, %587, %588, %589) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %591 = accllm.weight "model.layers.1.post_attention_layernorm.weight" : !torch.vtensor<[32],f32>
    %592 = "torch.aten.mul.Tensor"(%591, %590) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %593 = accllm.weight "model.layers.1.mlp.gate_proj.weight" : !torch.vtensor<[64,32],f32>
    %594 = "torch.constant.none"() : () -> !torch.none
    %595 = "torch.aten.linear"(%592, %593, %594) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    %596 = "torch.aten.silu"(%595) : (!torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
    %597 = accllm.weight "model.layers.1.mlp.up_proj.weight" : !torch.vtensor<[64,32],f32>
    %598 = "torch.constant.none"() : () -> !torch.none
    %599 = "torch.aten.linear"(%592, %597, %598) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    %600 = "torch.aten.mul.Tensor"(%596, %599) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[1,?,64],f32>) -> !torch.vtensor<[1,?,64],f32>
    %601 = accllm.weight "model.layers.1.mlp.down_proj.weight" : !torch.vtensor<[32,64],f32>
    %602 = "torch.constant.none"() : () -> !torch.none
    %603 = "torch.aten.linear"(%600, %601, %602) : (!torch.vtensor<[1,?,64],f32>, !torch.vtensor<[32,64],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %604 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %605 = "torch.aten.add.Tensor"(%568, %603, %604) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %606 = "torch.constant.none"() : () -> !torch.none
    %607 = "torch.constant.none"() : () -> !torch.none
    %608 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %609 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %610 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%605, %606, %607, %608, %609, %610) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %611 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %612 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %613 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %614 = "torch.constant.none"() : () -> !torch.none
    %615 = "torch.aten.to.dtype"(%605, %611, %612, %613, %614) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %616 = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
    %617 = "torch.aten.pow.Tensor_Scalar"(%615, %616) : (!torch.vtensor<[1,?,32],f32>, !torch.int) -> !torch.vtensor<[1,?,32],f32>
    %618 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
    %619 = "torch.prim.ListConstruct"(%618) : (!torch.int) -> !torch.list<int>
    %620 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
    %621 = "torch.constant.none"() : () -> !torch.none
    %622 = "torch.aten.mean.dim"(%617, %619, %620, %621) : (!torch.vtensor<[1,?,32],f32>, !torch.list<int>, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,1],f32>
    %623 = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
    %624 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
    %625 = "torch.aten.add.Scalar"(%622, %623, %624) : (!torch.vtensor<[1,?,1],f32>, !torch.float, !torch.int) -> !torch.vtensor<[1,?,1],f32>
    %626 = "torch.aten.rsqrt"(%625) : (!torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,1],f32>
    %627 = "torch.aten.mul.Tensor"(%615, %626) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[1,?,1],f32>) -> !torch.vtensor<[1,?,32],f32>
    %628 = "torch.constant.none"() : () -> !torch.none
    %629 = "torch.constant.none"() : () -> !torch.none
    %630 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %631 = "torch.constant.device"() <{value = "meta"}> : () -> !torch.Device
    %632 = "torch.constant.int"() <{value = 0 : i64}> : () -> !torch.int
    "torch.aten._assert_tensor_metadata"(%627, %628, %629, %630, %631, %632) : (!torch.vtensor<[1,?,32],f32>, !torch.none, !torch.none, !torch.int, !torch.Device, !torch.int) -> ()
    %633 = "torch.constant.int"() <{value = 6 : i64}> : () -> !torch.int
    %634 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %635 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
    %636 = "torch.constant.none"() : () -> !torch.none
    %637 = "torch.aten.to.dtype"(%627, %633, %634, %635, %636) : (!torch.vtensor<[1,?,32],f32>, !torch.int, !torch.bool, !torch.bool, !torch.none) -> !torch.vtensor<[1,?,32],f32>
    %638 = accllm.weight "model.norm.weight" : !torch.vtensor<[32],f32>
    %639 = "torch.aten.mul.Tensor"(%638, %637) : (!torch.vtensor<[32],f32>, !torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %640 = "torch.aten.alias"(%639) : (!torch.vtensor<[1,?,32],f32>) -> !torch.vtensor<[1,?,32],f32>
    %641 = accllm.weight "lm_head.weight" : !torch.vtensor<[64,32],f32>
    %642 = "torch.constant.none"() : () -> !torch.none
    %643 = "torch.aten.linear"(%640, %641, %642) : (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.none) -> !torch.vtensor<[1,?,64],f32>
    func.return %643 : !torch.vtensor<[1,?,64],f32>
  }
}
