// rc4_bram (one S-box entry per clock on its state port) behind the
// engine's 64-bit state port of 8 entries per word (the RC4 state slot of
// the flow context, docs/rtl-engine.md): the RC4 bank of mppe_engine's
// RC4_BRAM variant.
//
// Load: a word written while idle_o is taken at once and written into the
// S-box over the next 8 clocks (idle_o low meanwhile). Store: rd_req_i with
// a word address gathers that word's 8 entries (10 clocks) and holds it in
// rd_data_o with rd_valid_o until rd_ack_i. Both wait while the core is
// busy (a keystream byte in flight: its swap must reach the RAM first).
`default_nettype none

module rc4_bram_port (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         ksa_start_i,
  input  wire [127:0] key_i,
  input  wire [4:0]   key_len_i,
  output wire         busy_o,
  output wire         ready_o,
  input  wire         ks_next_i,
  output wire [7:0]   ks_o,
  input  wire         ld_we_i,
  input  wire [4:0]   ld_addr_i,
  input  wire [63:0]  ld_data_i,
  output wire         idle_o,
  input  wire         rd_req_i,
  input  wire [4:0]   rd_addr_i,
  output reg          rd_valid_o,
  output reg  [63:0]  rd_data_o,
  input  wire         rd_ack_i,
  input  wire         ij_we_i,
  input  wire [15:0]  ij_i,
  output wire [15:0]  ij_o
);

  localparam [1:0] M_IDLE = 2'd0, M_LOAD = 2'd1, M_GATHER = 2'd2;
  reg  [1:0]  mode_q;
  reg  [3:0]  cnt_q;        // load: entry 0..7; gather: reads issued 0..8
  reg  [4:0]  waddr_q;
  reg  [63:0] word_q;
  wire        core_busy;

  wire        c_ld_we = (mode_q == M_LOAD) && !core_busy;
  wire        c_rd_en = (mode_q == M_GATHER) && !core_busy && cnt_q < 4'd8;
  wire [7:0]  c_rd;

  rc4_bram u_core (
    .clk_i, .rst_ni,
    .ksa_start_i, .key_i, .key_len_i,
    .busy_o (core_busy), .ready_o,
    .ks_next_i, .ks_o,
    .ld_we_i (c_ld_we), .ld_addr_i ({waddr_q, cnt_q[2:0]}),
    .ld_data_i (word_q[{cnt_q[2:0], 3'b000} +: 8]),
    .rd_en_i (c_rd_en), .rd_addr_i ({waddr_q, cnt_q[2:0]}),
    .rd_data_o (c_rd),
    .ij_we_i, .ij_i, .ij_o
  );
  assign busy_o = core_busy;
  assign idle_o = (mode_q == M_IDLE) && !rd_valid_o;

  // the entry read last clock goes to its octet of the word
  reg        got_q;
  reg  [2:0] got_at_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mode_q     <= M_IDLE;
      rd_valid_o <= 1'b0;
      got_q      <= 1'b0;
    end else begin
      got_q <= c_rd_en;
      case (mode_q)
        M_IDLE: begin
          if (ld_we_i) begin
            mode_q <= M_LOAD;
          end else if (rd_req_i && !rd_valid_o) begin
            mode_q <= M_GATHER;
          end
          if (rd_ack_i)
            rd_valid_o <= 1'b0;
        end
        M_LOAD: if (c_ld_we && cnt_q == 4'd7) mode_q <= M_IDLE;
        M_GATHER: if (got_q && got_at_q == 3'd7) begin
          mode_q     <= M_IDLE;
          rd_valid_o <= 1'b1;
        end
        default: mode_q <= M_IDLE;
      endcase
    end
  end

  always @(posedge clk_i) begin
    got_at_q <= cnt_q[2:0];
    if (got_q)
      rd_data_o[{got_at_q, 3'b000} +: 8] <= c_rd;
    case (mode_q)
      M_IDLE: begin
        cnt_q <= 4'd0;
        if (ld_we_i) begin
          waddr_q <= ld_addr_i;
          word_q  <= ld_data_i;
        end else begin
          waddr_q <= rd_addr_i;
        end
      end
      M_LOAD: if (c_ld_we) cnt_q <= cnt_q + 4'd1;
      M_GATHER: if (c_rd_en) cnt_q <= cnt_q + 4'd1;
      default: ;
    endcase
  end

`ifdef MPPE_ASSERT
  always @(posedge clk_i)
    if (rst_ni) begin
      // a word is loaded only into an idle port
      assert (!(ld_we_i && !idle_o));
    end
`endif

endmodule

`default_nettype wire
