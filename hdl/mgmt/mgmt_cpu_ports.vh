// The management core's ports (ANSI port declarations), written once for
// its two variants, hdl/mgmt/mgmt_cpu.v and hdl/mgmt/mgmt_cpu_small.v:
// included inside each module's port list.
  input  wire        clk_i,
  input  wire        rst_ni,

  // instruction port: synchronous read, word arrives the clock after imem_en_o
  output wire        imem_en_o,
  output wire [31:0] imem_addr_o,
  input  wire [31:0] imem_rdata_i,

  // data port: one-clock request pulse, then wait for dack_i (or derr_i)
  output wire        dreq_o,
  output wire        dwe_o,
  output wire [31:0] daddr_o,
  output wire [31:0] dwdata_o,
  output wire [3:0]  dbe_o,
  input  wire        dack_i,
  input  wire        derr_i,
  input  wire [31:0] drdata_i,

  output wire        lockup_o
