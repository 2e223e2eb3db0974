// The source element type S of kernels that read one type and write another.
alias S = f32;
