// The crypto units of the iCE40 board behind one register window of the
// management core's data bus (block LITE, contract/mgmt_map.txt): an RC4
// unit (lite_rc4.v) and a SHA-1 compression unit (lite_sha1.v). The
// firmware sequences MPPE on them (firmware/lite/); there is no packet
// engine on this board (docs/hardware.md "iCEBreaker"). Bus protocol as
// mgmt_top's register blocks: whole words, the answer the clock after.
`default_nettype none
`include "mgmt_map.vh"

module lite_crypto #(
  parameter integer SLOT_W = 2       // log2 of the S-boxes kept in block RAM (flows)
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  input  wire        we_i,
  input  wire [7:0]  addr_i,
  input  wire [31:0] wdata_i,
  output reg  [31:0] rdata_o
);

  localparam [7:0] R_RC4_CMD = `MGMT_LITE_RC4_CMD_OFF, R_STATUS = `MGMT_LITE_STATUS_OFF;
  localparam [7:0] R_RC4_DATA = `MGMT_LITE_RC4_DATA_OFF, R_RC4_STATE = `MGMT_LITE_RC4_STATE_OFF;
  localparam [7:0] R_RC4_KEY = `MGMT_LITE_RC4_KEY_OFF, R_SHA1_CMD = `MGMT_LITE_SHA1_CMD_OFF;
  localparam [7:0] R_SHA1_V = `MGMT_LITE_SHA1_V_OFF, R_SHA1_W = `MGMT_LITE_SHA1_W_OFF;
  localparam [1:0] CMD_KEY = `MGMT_LITERC4_KEY, CMD_XOR = `MGMT_LITERC4_XOR;

  wire wr = req_i && we_i;
  wire [1:0] cmd = wdata_i[`MGMT_LITE_RC4_CMD_CMD +: 2];

  wire [31:0] rc4_data;
  wire [7:0]  rc4_i, rc4_j;
  wire [SLOT_W-1:0] rc4_slot;
  wire        rc4_busy, sha_busy;
  wire [31:0] va, vb, vc, vd, ve;

  lite_rc4 #(.SLOT_W(SLOT_W)) u_rc4 (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .key_load_i   (wr && addr_i[7:4] == R_RC4_KEY[7:4]),
    .key_word_i   (addr_i[3:2]),
    .key_data_i   (wdata_i),
    .ksa_i        (wr && addr_i == R_RC4_CMD && cmd == CMD_KEY),
    .key_len_i    (wdata_i[`MGMT_LITE_RC4_CMD_KEY_LEN +: 5]),
    .xor_i        (wr && addr_i == R_RC4_CMD && cmd == CMD_XOR),
    .xor_n_i      (wdata_i[`MGMT_LITE_RC4_CMD_XOR_N +: 2]),
    .data_i       (wdata_i),
    .data_we_i    (wr && addr_i == R_RC4_DATA),
    .state_we_i   (wr && addr_i == R_RC4_STATE),
    .state_i_i    (wdata_i[`MGMT_LITE_RC4_STATE_I +: 8]),
    .state_j_i    (wdata_i[`MGMT_LITE_RC4_STATE_J +: 8]),
    .state_slot_i (wdata_i[`MGMT_LITE_RC4_STATE_SLOT +: SLOT_W]),
    .data_o       (rc4_data),
    .i_o          (rc4_i),
    .j_o          (rc4_j),
    .slot_o       (rc4_slot),
    .busy_o       (rc4_busy)
  );

  lite_sha1 u_sha1 (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .go_i     (wr && addr_i == R_SHA1_CMD && wdata_i[0]),
    .w_we_i   (wr && addr_i[7:6] == R_SHA1_W[7:6]),
    .w_addr_i (addr_i[5:2]),
    .v_we_i   (wr && addr_i[7:5] == R_SHA1_V[7:5]),
    .v_addr_i (addr_i[4:2]),
    .wdata_i  (wdata_i),
    .a_o      (va),
    .b_o      (vb),
    .c_o      (vc),
    .d_o      (vd),
    .e_o      (ve),
    .busy_o   (sha_busy)
  );

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rdata_o <= 32'd0;
    end else if (req_i && !we_i) begin
      case (addr_i)
        R_STATUS:      rdata_o <= {30'd0, sha_busy, rc4_busy};
        R_RC4_DATA:    rdata_o <= rc4_data;
        R_RC4_STATE:   rdata_o <= {{(16 - SLOT_W){1'b0}}, rc4_slot, rc4_j, rc4_i};
        R_SHA1_V:      rdata_o <= va;
        R_SHA1_V + 4:  rdata_o <= vb;
        R_SHA1_V + 8:  rdata_o <= vc;
        R_SHA1_V + 12: rdata_o <= vd;
        R_SHA1_V + 16: rdata_o <= ve;
        default:       rdata_o <= 32'd0;
      endcase
    end
  end

endmodule

`default_nettype wire
