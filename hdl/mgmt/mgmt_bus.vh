// The management core's data-bus targets (hdl/mgmt/mgmt_bus.v decodes them;
// mgmt_top and the iCE40 board tops steer by them). Included in a module body.
// Waiver: each includer uses the targets its blocks have.
  /* verilator lint_off UNUSEDPARAM */
  localparam [3:0] T_NONE = 4'd0, T_IMEM = 4'd1, T_DMEM = 4'd2, T_STAGE = 4'd3,
                   T_DMABUF = 4'd4, T_SYS = 4'd5, T_TIMER = 4'd6, T_ADMIN = 4'd7,
                   T_LOG = 4'd8, T_CTX = 4'd9, T_ST = 4'd10, T_UART = 4'd11, T_LITE = 4'd12;
  /* verilator lint_on UNUSEDPARAM */
