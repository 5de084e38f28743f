// Host interface: the admin DMA window (docs/admin-mailbox.md section 1.1).
//
// Moves up to 4096 octets between host memory and the management core's DMA
// buffer (32-bit words, synchronous read) for admin commands that carry
// data, through the same DMA ports and IOVA checks as the data path.
// Status: 0 ok, 1 unmapped/out-of-range IOVA, 3 bad length.
`default_nettype none

module hif_admdma (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        srst_i,
  // request from the management core
  input  wire        req_valid_i,
  output wire        req_ready_o,
  input  wire [63:0] req_addr_i,
  input  wire [12:0] req_len_i,
  input  wire        req_dir_i,        // 0 host -> buffer, 1 buffer -> host
  // the management core's DMA buffer
  output wire        buf_en_o,
  output wire        buf_we_o,
  output wire [9:0]  buf_addr_o,
  output wire [31:0] buf_wdata_o,
  output wire [3:0]  buf_be_o,
  input  wire [31:0] buf_rdata_i,
  output wire        done_o,
  output wire [3:0]  status_o,
  // DMA read port
  output wire        rd_req_valid_o,
  input  wire        rd_req_ready_i,
  output wire [63:0] rd_req_addr_o,
  output wire [15:0] rd_req_len_o,
  input  wire        rd_rsp_valid_i,
  output wire        rd_rsp_ready_o,
  input  wire [63:0] rd_rsp_data_i,
  input  wire        rd_rsp_last_i,
  input  wire        rd_rsp_err_i,
  // DMA write port
  output wire        wr_valid_o,
  input  wire        wr_ready_i,
  output wire [63:0] wr_addr_o,
  output wire [15:0] wr_len_o,
  output wire [63:0] wr_data_o,
  output wire        wr_last_o,
  input  wire        wr_rsp_valid_i,
  input  wire        wr_rsp_err_i
);

  localparam [3:0] S_IDLE = 4'd0, S_RREQ = 4'd1, S_RLO = 4'd2, S_RHI = 4'd3,
                   S_W0 = 4'd4, S_W1 = 4'd5, S_W2 = 4'd6, S_WBEAT = 4'd7, S_WRESP = 4'd8,
                   S_DONE = 4'd9, S_W3 = 4'd10;

  reg [3:0]  state_q;
  reg [63:0] addr_q;
  reg [12:0] len_q;
  reg [9:0]  beat_q;     // 8-octet beat index
  reg [63:0] data_q;
  reg [3:0]  status_q;   // of the transfer under way
  // the registered outputs
  reg        rd_req_valid_q, done_q;
  reg [3:0]  res_status_q;   // status_o
  reg        buf_en_q, buf_we_q;
  reg [9:0]  buf_addr_q;
  reg [31:0] buf_wdata_q;
  reg [3:0]  buf_be_q;

  wire [12:0] len_m1   = len_q - 13'd1;
  wire [9:0]  last_beat = len_m1[12:3];
  wire       is_last   = beat_q == last_beat;
  // byte enables of the words of the final beat
  wire [12:0] beat_end = {beat_q, 3'd0} + 13'd8;       // octet after this beat
  wire [12:0] past     = (beat_end > len_q) ? beat_end - len_q : 13'd0;   // octets past the end (< 8)
  wire [3:0]  tail     = past[3:0];
  wire        unused   = ^{len_m1[2:0], past[12:4]};
  wire [7:0]  beat_be  = 8'hff >> tail;

  assign req_ready_o    = state_q == S_IDLE;
  assign rd_req_addr_o  = addr_q;
  assign rd_req_len_o   = {3'd0, len_q};
  assign rd_rsp_ready_o = state_q == S_RHI;
  assign wr_valid_o     = state_q == S_WBEAT;
  assign wr_addr_o      = addr_q;
  assign wr_len_o       = {3'd0, len_q};
  assign wr_data_o      = data_q;
  assign wr_last_o      = is_last;
  assign rd_req_valid_o = rd_req_valid_q;
  assign done_o         = done_q;
  assign status_o       = res_status_q;
  assign buf_en_o       = buf_en_q;
  assign buf_we_o       = buf_we_q;
  assign buf_addr_o     = buf_addr_q;
  assign buf_wdata_o    = buf_wdata_q;
  assign buf_be_o       = buf_be_q;

  // The next state is written in the clocked block (docs/rtl-style.md):
  // the outputs are registers or decoded from state_q alone.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= S_IDLE; addr_q <= 64'd0; len_q <= 13'd0; beat_q <= 10'd0; data_q <= 64'd0;
      status_q <= 4'd0; rd_req_valid_q <= 1'b0; done_q <= 1'b0; res_status_q <= 4'd0;
      buf_en_q <= 1'b0; buf_we_q <= 1'b0; buf_addr_q <= 10'd0; buf_wdata_q <= 32'd0; buf_be_q <= 4'd0;
    end else if (srst_i) begin
      state_q <= S_IDLE; addr_q <= 64'd0; len_q <= 13'd0; beat_q <= 10'd0; data_q <= 64'd0;
      status_q <= 4'd0; rd_req_valid_q <= 1'b0; done_q <= 1'b0; res_status_q <= 4'd0;
      buf_en_q <= 1'b0; buf_we_q <= 1'b0; buf_addr_q <= 10'd0; buf_wdata_q <= 32'd0; buf_be_q <= 4'd0;
    end else begin
      done_q   <= 1'b0;
      buf_en_q <= 1'b0;
      buf_we_q <= 1'b0;
      case (state_q)
        S_IDLE: if (req_valid_i) begin
          addr_q   <= req_addr_i;
          len_q    <= req_len_i;
          beat_q   <= 10'd0;
          status_q <= 4'd0;
          if (req_len_i == 13'd0 || req_len_i > 13'd4096) begin
            status_q <= 4'd3;
            state_q  <= S_DONE;
          end else if (!req_dir_i) begin
            rd_req_valid_q <= 1'b1;
            state_q        <= S_RREQ;
          end else begin
            state_q <= S_W0;
          end
        end
        // host -> buffer: each 8-octet beat becomes two word writes
        S_RREQ: if (rd_req_ready_i) begin
          rd_req_valid_q <= 1'b0;
          state_q        <= S_RLO;
        end
        S_RLO: if (rd_rsp_valid_i) begin
          if (rd_rsp_err_i) begin
            state_q <= S_RHI;         // consume the error beat there
          end else begin
            buf_en_q    <= 1'b1;
            buf_we_q    <= 1'b1;
            buf_addr_q  <= {beat_q[8:0], 1'b0};
            buf_wdata_q <= rd_rsp_data_i[31:0];
            buf_be_q    <= beat_be[3:0];
            state_q     <= S_RHI;
          end
        end
        S_RHI: begin
          // rd_rsp_ready_o is high here: the beat moves on this clock
          if (rd_rsp_err_i) begin
            status_q <= 4'd1;
            state_q  <= S_DONE;
          end else begin
            buf_en_q    <= beat_be[4];
            buf_we_q    <= beat_be[4];
            buf_addr_q  <= {beat_q[8:0], 1'b1};
            buf_wdata_q <= rd_rsp_data_i[63:32];
            buf_be_q    <= beat_be[7:4];
            beat_q      <= beat_q + 10'd1;
            state_q     <= (rd_rsp_last_i || is_last) ? S_DONE : S_RLO;
          end
        end
        // buffer -> host: read two words (one clock of latency), send a beat
        S_W0: begin
          buf_en_q   <= 1'b1;
          buf_addr_q <= {beat_q[8:0], 1'b0};
          state_q    <= S_W1;
        end
        S_W1: begin
          buf_en_q   <= 1'b1;
          buf_addr_q <= {beat_q[8:0], 1'b1};
          state_q    <= S_W2;
        end
        S_W2: begin
          data_q[31:0] <= buf_rdata_i;
          state_q      <= S_W3;
        end
        S_W3: begin
          data_q[63:32] <= buf_rdata_i;
          state_q       <= S_WBEAT;
        end
        S_WBEAT: begin
          if (wr_ready_i) begin
            beat_q  <= beat_q + 10'd1;
            state_q <= is_last ? S_WRESP : S_W0;
          end
        end
        S_WRESP: if (wr_rsp_valid_i) begin
          status_q <= wr_rsp_err_i ? 4'd1 : 4'd0;
          state_q  <= S_DONE;
        end
        S_DONE: begin
          done_q       <= 1'b1;
          res_status_q <= status_q;
          state_q      <= S_IDLE;
        end
        default: state_q <= S_IDLE;
      endcase
    end
  end

endmodule
