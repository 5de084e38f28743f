// The context port: CREATE / DESTROY / READ of flow contexts for the
// management core and the host interface (docs/engine-streams.md), and the
// wipe of every context after reset. A bus master on the context bus like
// the engines; CREATE and DESTROY wait while an engine holds the flow
// (flow_busy_i, from the dispatcher), checked while holding the bus so no
// engine can load the flow between the check and the write.
`default_nettype none
`include "mppe_codes.vh"
`include "mppe_ctx_bus.vh"

module mppe_ctx_port #(
  parameter integer NUM_FLOWS = 4096,
  parameter integer FLOW_W    = 16,
  parameter integer FB        = 12      // log2(NUM_FLOWS)
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  output wire              init_done_o,
  // command and response: one word each (contract/mppe_ctx_bus.txt)
  input  wire              req_valid_i,
  output reg               req_ready_o,
  input  wire [`MPPE_CTX_REQ_W-1:0] req_i,
  output reg               rsp_valid_o,
  input  wire              rsp_ready_i,
  output reg  [`MPPE_CTX_RSP_W-1:0] rsp_o,
  // flow lock (from the dispatcher)
  output wire [FLOW_W-1:0] lock_flow_o,
  input  wire              flow_busy_i,
  // context bus
  output reg               bus_req_o,
  input  wire              bus_gnt_i,
  output reg  [FB-1:0]     bus_flow_o,
  output reg               ctx_en_o,
  output reg               ctx_we_o,
  output reg  [3:0]        ctx_addr_o,
  output reg  [63:0]       ctx_wdata_o,
  input  wire [63:0]       ctx_rdata_i,
  output reg               sb_en_o,
  output reg               sb_we_o,
  output reg  [4:0]        sb_addr_o
);

  localparam [2:0]
    S_WIPE_ALL = 3'd0,   // after reset: zero every context
    S_IDLE     = 3'd1,   // wait for a command
    S_GRANT    = 3'd2,   // hold the bus, check the lock, read word 0
    S_READ     = 3'd3,   // READ: words 0..15
    S_WRITE    = 3'd4,   // CREATE: write 16 words; DESTROY: wipe 16 + 32
    S_RSP      = 3'd5,   // response
    S_BACKOFF  = 3'd6;   // flow busy: release the bus for a clock

  reg [2:0]        state_q, state_d;
  reg [FB+5:0]     cnt_q, cnt_d;          // wipe sweep / burst counter
  reg [1:0]        cmd_q, cmd_d;
  reg [FLOW_W-1:0] flow_q, flow_d;
  reg              dir_q, dir_d, stf_q, stf_d, pfc_q, pfc_d;
  reg [1:0]        kb_q, kb_d;
  reg [127:0]      key_q, key_d;
  reg [11:0]       fcc_q, fcc_d;
  reg [15:0]       mrk_q, mrk_d;
  reg              rd_pend_q, rd_pend_d;  // a word read was issued last clock
  reg [3:0]        rd_addr_q, rd_addr_d;
  reg [3:0]        st_q, st_d;

  wire [1:0]        req_cmd          = req_i[`MPPE_CTX_REQ_CMD];
  wire [FLOW_W-1:0] req_flow         = req_i[`MPPE_CTX_REQ_FLOW_LSB +: FLOW_W];
  wire              req_dir          = req_i[`MPPE_CTX_REQ_DIR_LSB];
  wire              req_stateful     = req_i[`MPPE_CTX_REQ_STATEFUL_LSB];
  wire [7:0]        req_key_bits     = req_i[`MPPE_CTX_REQ_KEY_BITS];
  wire [127:0]      req_start_key    = req_i[`MPPE_CTX_REQ_START_KEY];
  wire [11:0]       req_first_ccount = req_i[`MPPE_CTX_REQ_FIRST_CCOUNT];
  wire [15:0]       req_max_rekeys   = req_i[`MPPE_CTX_REQ_MAX_REKEYS];
  wire              req_accept_pfc   = req_i[`MPPE_CTX_REQ_ACCEPT_PFC_LSB];

  // the response's fields, registered; rsp_o carries them
  reg  [3:0]  rsp_status;
  reg  [63:0] rsp_packets, rsp_bytes, rsp_key_changes;
  reg  [31:0] rsp_ccp_resets, rsp_rx_dropped, rsp_rx_out_of_order, rsp_rx_missed, rsp_rx_rekey_limited,
              rsp_rx_implausible, rsp_sanity_errors, rsp_sanity_score;
  reg  [11:0] rsp_next_ccount;
  reg         rsp_discarding, rsp_stateful, rsp_dir;
  reg  [7:0]  rsp_key_bits;
  always @(*) begin
    rsp_o = {`MPPE_CTX_RSP_W{1'b0}};
    rsp_o[`MPPE_CTX_RSP_STATUS]           = rsp_status;
    rsp_o[`MPPE_CTX_RSP_PACKETS]          = rsp_packets;
    rsp_o[`MPPE_CTX_RSP_BYTES]            = rsp_bytes;
    rsp_o[`MPPE_CTX_RSP_KEY_CHANGES]      = rsp_key_changes;
    rsp_o[`MPPE_CTX_RSP_CCP_RESETS]       = rsp_ccp_resets;
    rsp_o[`MPPE_CTX_RSP_RX_DROPPED]       = rsp_rx_dropped;
    rsp_o[`MPPE_CTX_RSP_RX_OUT_OF_ORDER]  = rsp_rx_out_of_order;
    rsp_o[`MPPE_CTX_RSP_RX_MISSED]        = rsp_rx_missed;
    rsp_o[`MPPE_CTX_RSP_RX_REKEY_LIMITED] = rsp_rx_rekey_limited;
    rsp_o[`MPPE_CTX_RSP_RX_IMPLAUSIBLE]   = rsp_rx_implausible;
    rsp_o[`MPPE_CTX_RSP_SANITY_ERRORS]    = rsp_sanity_errors;
    rsp_o[`MPPE_CTX_RSP_SANITY_SCORE]     = rsp_sanity_score;
    rsp_o[`MPPE_CTX_RSP_NEXT_CCOUNT]      = rsp_next_ccount;
    rsp_o[`MPPE_CTX_RSP_DISCARDING_LSB]   = rsp_discarding;
    rsp_o[`MPPE_CTX_RSP_KEY_BITS]         = rsp_key_bits;
    rsp_o[`MPPE_CTX_RSP_STATEFUL_LSB]     = rsp_stateful;
    rsp_o[`MPPE_CTX_RSP_DIR_LSB]          = rsp_dir;
  end

  assign init_done_o = state_q != S_WIPE_ALL;
  assign lock_flow_o = flow_q;

  wire [1:0] kb_code = (req_key_bits == 8'd40) ? 2'd0 :
                       (req_key_bits == 8'd56) ? 2'd1 : 2'd2;
  wire kb_ok = req_key_bits == 8'd40 || req_key_bits == 8'd56 || req_key_bits == 8'd128;
  wire flow_ok = {{(32-FLOW_W){1'b0}}, req_flow} < NUM_FLOWS;

  // CREATE: word 0 as mppe_flow_init() leaves it; ccount holds the count
  // of the "previous" packet, first_ccount - 1 (mod 4096).
  reg [63:0] create_word;
  always @(*) begin
    case (cnt_q[3:0])
      4'd0: create_word = {(mrk_q == 16'd0) ? 16'd128 : mrk_q, 4'd0, 12'd0, 4'd0,
                           fcc_q - 12'd1, 6'd0, pfc_q, 1'b0, 1'b0, 1'b0, 1'b0, kb_q, stf_q, dir_q, 1'b1};
      4'd2: create_word = key_q[63:0];
      4'd3: create_word = (kb_q == 2'd2) ? key_q[127:64] : 64'd0;
      default: create_word = 64'd0;
    endcase
  end

  always @(*) begin
    state_d = state_q; cnt_d = cnt_q; cmd_d = cmd_q; flow_d = flow_q;
    dir_d = dir_q; stf_d = stf_q; pfc_d = pfc_q; kb_d = kb_q; key_d = key_q; fcc_d = fcc_q; mrk_d = mrk_q;
    rd_pend_d = 1'b0; rd_addr_d = rd_addr_q; st_d = st_q;
    req_ready_o = 1'b0;
    rsp_valid_o = 1'b0;
    bus_req_o = 1'b0;
    bus_flow_o = flow_q[FB-1:0];
    ctx_en_o = 1'b0; ctx_we_o = 1'b0; ctx_addr_o = 4'd0; ctx_wdata_o = 64'd0;
    sb_en_o = 1'b0; sb_we_o = 1'b0; sb_addr_o = 5'd0;
    case (state_q)
      // Zero all contexts, 32 words per flow per pass (ctx words 0..15 with it).
      S_WIPE_ALL: begin
        bus_req_o  = 1'b1;
        bus_flow_o = cnt_q[FB+4:5];
        if (bus_gnt_i) begin
          ctx_en_o   = cnt_q[4] == 1'b0;
          ctx_we_o   = 1'b1;
          ctx_addr_o = cnt_q[3:0];
          sb_en_o    = 1'b1;
          sb_we_o    = 1'b1;
          sb_addr_o  = cnt_q[4:0];
          cnt_d      = cnt_q + 1'b1;
          if (cnt_q[FB+4:0] == {(FB+5){1'b1}})
            state_d = S_IDLE;
        end
      end

      // Take a command; reject out-of-range IDs and bad parameters at once.
      S_IDLE: begin
        req_ready_o = 1'b1;
        if (req_valid_i) begin
          cmd_d = req_cmd; flow_d = req_flow; dir_d = req_dir; stf_d = req_stateful;
          kb_d = kb_code; key_d = req_start_key; fcc_d = req_first_ccount;
          mrk_d = req_max_rekeys; pfc_d = req_accept_pfc;
          cnt_d = 0;
          if (req_cmd == 2'd0 || (req_cmd == `MPPE_CTX_CREATE && !kb_ok)) begin
            st_d = `MPPE_ERR_BAD_OP;
            state_d = S_RSP;
          end else if (!flow_ok) begin
            st_d = `MPPE_ERR_BAD_FLOW;
            state_d = S_RSP;
          end else begin
            st_d = `MPPE_OK;
            state_d = S_GRANT;
          end
        end
      end

      // Holding the bus: writers wait for the flow to be free; read word 0.
      S_GRANT: begin
        bus_req_o = 1'b1;
        if (bus_gnt_i) begin
          if (cmd_q != `MPPE_CTX_READ && flow_busy_i) begin
            state_d = S_BACKOFF;
          end else begin
            ctx_en_o   = 1'b1;
            ctx_addr_o = 4'd0;
            rd_pend_d  = 1'b1;
            rd_addr_d  = 4'd0;
            state_d    = (cmd_q == `MPPE_CTX_READ) ? S_READ : S_WRITE;
            cnt_d      = 1;
          end
        end
      end
      S_BACKOFF: state_d = S_GRANT;

      // READ: words 1..15 (word 0 was read in S_GRANT), decoded as they come.
      S_READ: begin
        bus_req_o = 1'b1;
        if (cnt_q < 16) begin
          ctx_en_o   = 1'b1;
          ctx_addr_o = cnt_q[3:0];
          rd_pend_d  = 1'b1;
          rd_addr_d  = cnt_q[3:0];
          cnt_d      = cnt_q + 1'b1;
        end
        if (rd_pend_q && rd_addr_q == 4'd0 && !ctx_rdata_i[0]) begin
          st_d = `MPPE_ERR_BAD_FLOW;        // not a live flow
          state_d = S_RSP;
        end else if (rd_pend_q && rd_addr_q == 4'd15) begin
          state_d = S_RSP;
        end
      end

      // CREATE / DESTROY, after checking word 0 (read in S_GRANT).
      S_WRITE: begin
        bus_req_o = 1'b1;
        if (rd_pend_q) begin
          if ((cmd_q == `MPPE_CTX_CREATE) == ctx_rdata_i[0]) begin
            st_d = `MPPE_ERR_BAD_FLOW;      // CREATE of a live flow / DESTROY of a free one
            state_d = S_RSP;
          end
          cnt_d = 0;
        end else begin
          ctx_en_o    = cnt_q < 16;
          ctx_we_o    = 1'b1;
          ctx_addr_o  = cnt_q[3:0];
          ctx_wdata_o = (cmd_q == `MPPE_CTX_CREATE) ? create_word : 64'd0;
          sb_en_o     = cmd_q == `MPPE_CTX_DESTROY;
          sb_we_o     = 1'b1;
          sb_addr_o   = cnt_q[4:0];
          cnt_d       = cnt_q + 1'b1;
          if (cnt_q == ((cmd_q == `MPPE_CTX_DESTROY) ? 31 : 15))
            state_d = S_RSP;
        end
      end

      S_RSP: begin
        rsp_valid_o = 1'b1;
        if (rsp_ready_i) state_d = S_IDLE;
      end
      default: state_d = S_IDLE;
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= S_WIPE_ALL;
      cnt_q   <= 0;
      rd_pend_q <= 1'b0;
    end else begin
      state_q <= state_d;
      cnt_q   <= cnt_d;
      rd_pend_q <= rd_pend_d;
    end
  end

  always @(posedge clk_i) begin
    cmd_q <= cmd_d; flow_q <= flow_d; dir_q <= dir_d; stf_q <= stf_d; kb_q <= kb_d; pfc_q <= pfc_d;
    key_q <= key_d; fcc_q <= fcc_d; mrk_q <= mrk_d; rd_addr_q <= rd_addr_d; st_q <= st_d;
    rsp_status <= st_d;
    // READ decode (struct mppe_counters; context layout in mppe_engine.v)
    if (state_q == S_IDLE) begin
      rsp_packets <= 64'd0; rsp_bytes <= 64'd0; rsp_key_changes <= 64'd0;
      rsp_ccp_resets <= 32'd0; rsp_rx_dropped <= 32'd0; rsp_rx_out_of_order <= 32'd0;
      rsp_rx_missed <= 32'd0; rsp_rx_rekey_limited <= 32'd0; rsp_rx_implausible <= 32'd0;
      rsp_sanity_errors <= 32'd0; rsp_sanity_score <= 32'd0; rsp_next_ccount <= 12'd0;
      rsp_discarding <= 1'b0; rsp_key_bits <= 8'd0; rsp_stateful <= 1'b0; rsp_dir <= 1'b0;
    end else if (state_q == S_READ && rd_pend_q) begin
      case (rd_addr_q)
        4'd0: begin
          rsp_dir         <= ctx_rdata_i[1];
          rsp_stateful    <= ctx_rdata_i[2];
          rsp_key_bits    <= (ctx_rdata_i[4:3] == 2'd0) ? 8'd40 :
                               (ctx_rdata_i[4:3] == 2'd1) ? 8'd56 : 8'd128;
          rsp_discarding  <= ctx_rdata_i[6];
          rsp_next_ccount <= ctx_rdata_i[27:16] + 12'd1;
        end
        4'd8:  rsp_packets <= ctx_rdata_i;
        4'd9:  rsp_bytes <= ctx_rdata_i;
        4'd10: rsp_key_changes <= ctx_rdata_i;
        4'd11: {rsp_rx_dropped, rsp_ccp_resets} <= ctx_rdata_i;
        4'd12: {rsp_rx_missed, rsp_rx_out_of_order} <= ctx_rdata_i;
        4'd13: {rsp_rx_implausible, rsp_rx_rekey_limited} <= ctx_rdata_i;
        4'd14: {rsp_sanity_score, rsp_sanity_errors} <= ctx_rdata_i;
        default: ;
      endcase
    end
  end

endmodule

`default_nettype wire
