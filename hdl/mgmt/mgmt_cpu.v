// The management core: a small multi-cycle RV32I processor (machine mode only).
//
// Written for this card; no third-party core. RV32I base ISA (RISC-V
// Unprivileged ISA 20191213, chapter 2) plus the Zicsr instructions on a
// minimal set of machine-mode CSRs (Privileged ISA 20211203, chapter 3):
// mstatus (reads MPP=M, writes ignored), misa, mhartid, mtvec (direct mode),
// mscratch, mepc, mcause, mtval, and the cycle counter (mcycle/cycle + high halves).
// No interrupts: the firmware polls.
//
// Timing: the instruction word arrives from the synchronous instruction
// RAM in S_RFRD, where the registers it names are read into operand
// registers; it executes in the next clock (S_EXEC), which issues the next
// fetch, so ALU, branch and jump instructions take 2 clocks; loads and
// stores wait for the data bus acknowledge (3 clocks or more). A write
// (end of S_EXEC or S_MEM) always lands at an edge before the next
// instruction's read (end of its S_RFRD), so no forwarding is needed.
//
// REGFILE_BRAM = 0 (the card): x1..x31 are flip-flops read through two
// 31-way multiplexers into the operand registers, and the instruction word
// is registered beside them, so no path of S_EXEC starts at a RAM output
// (the 1-clock core of before was the card's slowest block for that path,
// docs/mgmt-core.md "Size and speed"). REGFILE_BRAM = 1 (small FPGAs,
// docs/mgmt-core.md): they live in two copies of a 32-word RAM with one
// synchronous read port each (yosys maps each to iCE40 block RAM), one copy
// read by rs1 and one by rs2, both written together; S_EXEC decodes the RAM's
// output word, so this mode needs imem_rdata_i to hold the word until the
// next imem_en_o (mgmt_ram keeps its output while its port is not enabled).
//
// Traps (mcause): 0 instruction address misaligned (jump/branch target not
// 4-byte aligned; mepc = the jump, mtval = target), 1 instruction access fault
// (fetch outside IMEM; mepc = mtval = the address), 2 illegal instruction
// (mtval = the instruction word), 3 breakpoint, 4/6 load/store address
// misaligned, 5/7 load/store access fault (bus error; mtval = address),
// 11 ecall from M-mode. A trap with mtvec outside IMEM locks the core up
// (lockup_o) instead of looping.
`default_nettype none

module mgmt_cpu #(
  parameter [31:0] IMEM_BYTES   = 32'd16384, // fetches at or above fault
  parameter integer REGFILE_BRAM = 0,        // 1: registers in block RAM (see above)
  parameter integer SMALL        = 0         // 1: the area-first core (mgmt_cpu_small.v)
) (
  // the core's ports, the same for both variants
`include "mgmt/mgmt_cpu_ports.vh"
);

  localparam [2:0] S_FETCH  = 3'd0;   // issue the first fetch after reset
  localparam [2:0] S_EXEC   = 3'd1;   // execute the word (instr), issue the next fetch
  localparam [2:0] S_MEM    = 3'd2;   // load/store issued, waiting for the bus
  localparam [2:0] S_LOCKUP = 3'd3;   // trap vector unusable: stop
  localparam [2:0] S_RFRD   = 3'd4;   // word valid, registers being read (and the word registered)
  localparam [2:0] S_NEXT   = S_RFRD;   // after a fetch

  // ---------------------------------------------------------------- state
  reg   [2:0]  state_q, state_d;
  reg   [31:0] pc_d;
  reg   [31:2] pc_hi_q;   // pc bits 1:0 are 0: every target that is not is a trap
  wire  [31:0] pc_q = {pc_hi_q, 2'b00};
  reg   [31:0] mtvec_q, mtvec_d;
  reg   [31:0] mscratch_q, mscratch_d;
  reg   [31:0] mepc_q, mepc_d;
  reg   [31:0] mcause_q, mcause_d;
  reg   [31:0] mtval_q, mtval_d;
  reg   [63:0] cycle_q;
  // the load/store in flight (S_MEM)
  reg   [31:0] mem_addr_q, mem_addr_d;
  reg          mem_we_q, mem_we_d;
  reg   [2:0]  mem_funct3_q, mem_funct3_d;
  reg   [4:0]  mem_rd_q, mem_rd_d;

  reg          rf_we;
  reg   [4:0]  rf_waddr;
  // this core's bus and fetch outputs (SMALL = 0; unused with SMALL = 1)
  /* verilator lint_off UNUSEDSIGNAL */
  reg          f_imem_en, f_dreq, f_dwe;
  reg   [31:0] f_imem_addr, f_daddr, f_dwdata;
  reg   [3:0]  f_dbe;
  wire         f_lockup;
  /* verilator lint_on UNUSEDSIGNAL */
  reg   [31:0] rf_wdata;

  // ---------------------------------------------------------------- decode
  // REGFILE_BRAM = 0 (the card): the word is registered at the end of
  // S_RFRD, so S_EXEC starts from flip-flops, not from the instruction
  // RAM's output (the card's Fmax estimate: the path from that output
  // through decode, the register multiplexers, the adder and the next pc
  // back to the RAM's address was mgmt_top's critical path, 21.6 ns).
  // REGFILE_BRAM = 1 executes from the RAM's output, which holds the word.
  reg  [31:0] instr_q;
  always @(posedge clk_i) if (state_q == S_RFRD) instr_q <= imem_rdata_i;
  wire [31:0] instr  = (REGFILE_BRAM != 0) ? imem_rdata_i : instr_q;
  // the ISA's constants, fields, immediates and legal encodings, written once
  // for this core and the area-first one (hdl/mgmt/mgmt_cpu_small.v)
`include "mgmt/mgmt_rv32i.vh"

  wire [31:0] rs1_val, rs2_val;   // the register file (end of this file)

  // ---------------------------------------------------------------- ALU
  // OP and OP-IMM share it; funct7[5] selects SUB/SRA (SUB only for OP).
  // Area (small FPGAs, docs/mgmt-core.md "Size and speed"): one adder does
  // ADD, SUB, the SLT/SLTU compares and the branch compares (a - b as
  // a + ~b + 1); one right shifter does all three shifts, SLL on the
  // bit-reversed operand.
  // alu_b_rs2_c, alu_sub_c: decoded in S_RFRD from the word on the RAM's
  // output (registered there, off the path into the adder's carry chain)
  wire        nw_op = (imem_rdata_i[6:0] == OPC_OP), nw_br = (imem_rdata_i[6:0] == OPC_BRANCH);
  wire        alu_b_rs2_c = nw_op || nw_br;
  wire        alu_sub_c   = nw_br || (imem_rdata_i[14:12] != 3'b000) || (nw_op && imem_rdata_i[30]);
  wire        alu_sub;
  wire [31:0] alu_b;    // alu_b_rs2_c ? rs2 : imm_i (per register-file mode, end of file)
  wire [4:0]  shamt     = alu_b[4:0];
  // {1'b0, a} - {1'b0, b} = {1'b0, a} + {1'b1, ~b} + 1: bit 32 is the borrow (a < b unsigned)
  wire [32:0] sum_res   = {1'b0, rs1_val} + {alu_sub, alu_b ^ {32{alu_sub}}} + {32'd0, alu_sub};
  wire        lt_signed = (rs1_val[31] != alu_b[31]) ? rs1_val[31] : sum_res[31];
  wire        lt_unsigned = sum_res[32];
  wire        sh_left   = !funct3[2];
  wire [31:0] sh_in     = sh_left ? bitrev(rs1_val) : rs1_val;
  wire        sh_fill   = funct7[5] && !sh_left && rs1_val[31];   // SRA/SRAI
  /* verilator lint_off UNUSEDSIGNAL */
  wire [32:0] sh_wide   = $signed({sh_fill, sh_in}) >>> shamt;   // bit 32: only the fill
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] sh_res    = sh_left ? bitrev(sh_wide[31:0]) : sh_wide[31:0];
  reg  [31:0] alu_res;
  always @(*) begin
    case (funct3)
      3'b000:  alu_res = sum_res[31:0];
      3'b010:  alu_res = {31'd0, lt_signed};
      3'b011:  alu_res = {31'd0, lt_unsigned};
      3'b100:  alu_res = rs1_val ^ alu_b;
      3'b110:  alu_res = rs1_val | alu_b;
      3'b111:  alu_res = rs1_val & alu_b;
      default: alu_res = sh_res;                   // 001 SLL, 101 SRL/SRA
    endcase
  end

  function [31:0] bitrev(input [31:0] v);
    integer i;
    begin
      for (i = 0; i < 32; i = i + 1) bitrev[i] = v[31 - i];
    end
  endfunction

  // ---------------------------------------------------------------- branches
  // RV32I section 2.5: BEQ BNE BLT BGE BLTU BGEU (funct3 010/011 reserved)
  // the ALU adder subtracts rs2 for a branch; equality is compared apart,
  // off the carry chain (a shorter path to the next pc)
  wire        cmp_eq  = (rs1_val == rs2_val);
  wire        cmp_lt  = lt_signed;
  wire        cmp_ltu = lt_unsigned;
  reg         br_taken;
  always @(*) begin
    case (funct3)
      3'b000:  br_taken = cmp_eq;
      3'b001:  br_taken = !cmp_eq;
      3'b100:  br_taken = cmp_lt;
      3'b101:  br_taken = !cmp_lt;
      3'b110:  br_taken = cmp_ltu;
      3'b111:  br_taken = !cmp_ltu;
      default: br_taken = 1'b0;   // 010, 011: reserved (br_legal)
    endcase
  end

  // ---------------------------------------------------------------- CSRs
  reg [31:0] csr_rdata;
  always @(*) begin
    case (csr_addr)
      CSR_MSTATUS:  csr_rdata = 32'h0000_1800;   // MPP = M, no interrupts
      CSR_MISA:     csr_rdata = 32'h4000_0100;   // MXL = 32, I
      CSR_MTVEC:    csr_rdata = mtvec_q;
      CSR_MSCRATCH: csr_rdata = mscratch_q;
      CSR_MEPC:     csr_rdata = mepc_q;
      CSR_MCAUSE:   csr_rdata = mcause_q;
      CSR_MTVAL:    csr_rdata = mtval_q;
      CSR_MCYCLE,
      CSR_CYCLE:    csr_rdata = cycle_q[31:0];
      CSR_MCYCLEH,
      CSR_CYCLEH:   csr_rdata = cycle_q[63:32];
      CSR_MHARTID:  csr_rdata = 32'd0;
      default:      csr_rdata = 32'd0;   // not csr_known
    endcase
  end
  wire        csr_imm    = funct3[2];
  wire [31:0] csr_src    = csr_imm ? {27'd0, rs1} : rs1_val;
  reg  [31:0] csr_wdata;
  always @(*) begin
    case (funct3[1:0])
      2'b01:   csr_wdata = csr_src;
      2'b10:   csr_wdata = csr_rdata | csr_src;
      default: csr_wdata = csr_rdata & ~csr_src;
    endcase
  end

  // ---------------------------------------------------------------- load/store
  wire [31:0] imm_ls;   // the offset: opcode == OPC_STORE ? imm_s : imm_i (end of file)
  wire [31:0] ls_addr   = rs1_val + imm_ls;
  reg         ls_misaligned;
  always @(*) begin
    case (funct3[1:0])
      2'b01:   ls_misaligned = ls_addr[0];
      2'b10:   ls_misaligned = (ls_addr[1:0] != 2'b00);
      default: ls_misaligned = 1'b0;
    endcase
  end

  wire [31:0] ld_value = load_value(drdata_i, mem_addr_q[1:0], mem_funct3_q);

  reg [3:0] st_be;
  always @(*) begin
    case (funct3[1:0])
      2'b00:   st_be = 4'b0001 << ls_addr[1:0];
      2'b01:   st_be = 4'b0011 << ls_addr[1:0];
      default: st_be = 4'b1111;
    endcase
  end

  // ---------------------------------------------------------------- control

  reg        trap;
  reg [31:0] trap_cause, trap_val, trap_epc;
  reg        fetch;
  reg [31:0] pc_plus4;
  reg [31:0] jump_target;
  // one adder for every pc-relative target: AUIPC, JAL, taken branches
  wire [31:0] imm_pc;   // AUIPC ? imm_u : JAL ? imm_j : imm_b (end of file)
  wire [31:0] pc_rel = pc_q + imm_pc;
  reg        jump;

  always @(*) begin
    state_d      = state_q;
    pc_d         = pc_q;
    mtvec_d      = mtvec_q;
    mscratch_d   = mscratch_q;
    mepc_d       = mepc_q;
    mcause_d     = mcause_q;
    mtval_d      = mtval_q;
    mem_addr_d   = mem_addr_q;
    mem_we_d     = mem_we_q;
    mem_funct3_d = mem_funct3_q;
    mem_rd_d     = mem_rd_q;
    rf_we        = 1'b0;
    rf_waddr     = rd;
    rf_wdata     = 32'd0;
    f_dreq       = 1'b0;
    f_dwe        = 1'b0;
    f_daddr      = ls_addr;
    f_dwdata     = rs2_val << {ls_addr[1:0], 3'b000};
    f_dbe        = st_be;
    trap         = 1'b0;
    trap_cause   = CAUSE_ILLEGAL;
    trap_val     = 32'd0;
    trap_epc     = pc_q;
    fetch        = 1'b0;
    pc_plus4     = pc_q + 32'd4;
    jump         = 1'b0;
    jump_target  = pc_plus4;

    case (state_q)
      // First fetch after reset.
      S_FETCH: begin
        fetch = 1'b1;
      end

      // The instruction word is on imem_rdata_i: execute it.
      S_EXEC: begin
        if (instr[1:0] != 2'b11) begin
          trap = 1'b1; trap_cause = CAUSE_ILLEGAL; trap_val = instr;
        end else begin
          case (opcode)
            OPC_LUI: begin
              rf_we = 1'b1; rf_wdata = imm_u; jump = 1'b1;
            end
            OPC_AUIPC: begin
              rf_we = 1'b1; rf_wdata = pc_rel; jump = 1'b1;
            end
            OPC_JAL: begin
              rf_we = 1'b1; rf_wdata = pc_plus4; jump = 1'b1; jump_target = pc_rel;
            end
            OPC_JALR: begin
              if (funct3 != 3'b000) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                // RV32I 2.5: target = (rs1 + imm) with bit 0 cleared
                rf_we = 1'b1; rf_wdata = pc_plus4; jump = 1'b1;
                jump_target = {ls_addr[31:1], 1'b0};   // ls_addr: rs1 + imm_i here
              end
            end
            OPC_BRANCH: begin
              if (!br_legal) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                jump = 1'b1;
                if (br_taken) jump_target = pc_rel;
              end
            end
            OPC_OPIMM, OPC_OP: begin
              if (!alu_legal) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                rf_we = 1'b1; rf_wdata = alu_res; jump = 1'b1;
              end
            end
            OPC_LOAD, OPC_STORE: begin
              if (!ls_legal) begin
                trap = 1'b1; trap_val = instr;
              end else if (ls_misaligned) begin
                trap = 1'b1; trap_val = ls_addr;
                trap_cause = (opcode == OPC_LOAD) ? CAUSE_LADDR_MISALIGNED : CAUSE_SADDR_MISALIGNED;
              end else begin
                f_dreq       = 1'b1;
                f_dwe        = (opcode == OPC_STORE);
                mem_addr_d   = ls_addr;
                mem_we_d     = (opcode == OPC_STORE);
                mem_funct3_d = funct3;
                mem_rd_d     = rd;
                state_d      = S_MEM;
              end
            end
            OPC_MISC: begin
              // FENCE and FENCE.I: one hart, no caches, in-order bus: no-ops
              if (funct3 == 3'b000 || funct3 == 3'b001) jump = 1'b1;
              else begin trap = 1'b1; trap_val = instr; end
            end
            OPC_SYSTEM: begin
              if (funct3 == 3'b000) begin
                if (instr == 32'h0000_0073) begin
                  trap = 1'b1; trap_cause = CAUSE_ECALL_M;
                end else if (instr == 32'h0010_0073) begin
                  trap = 1'b1; trap_cause = CAUSE_BREAKPOINT; trap_val = pc_q;
                end else if (instr == 32'h3020_0073) begin
                  jump = 1'b1; jump_target = mepc_q;              // MRET
                end else if (instr == 32'h1050_0073) begin
                  jump = 1'b1;                                    // WFI: no interrupts, a no-op
                end else begin
                  trap = 1'b1; trap_val = instr;
                end
              end else if (funct3 == 3'b100 || !csr_known || (csr_readonly && csr_writes)) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                rf_we = 1'b1; rf_wdata = csr_rdata; jump = 1'b1;
                if (csr_writes) begin
                  case (csr_addr)
                    CSR_MTVEC:    mtvec_d    = {csr_wdata[31:2], 2'b00};  // direct mode only
                    CSR_MSCRATCH: mscratch_d = csr_wdata;
                    CSR_MEPC:     mepc_d     = {csr_wdata[31:2], 2'b00};  // IALIGN = 32
                    CSR_MCAUSE:   mcause_d   = csr_wdata;
                    CSR_MTVAL:    mtval_d    = csr_wdata;
                    default: ;                                           // WARL/read-only: ignore
                  endcase
                end
              end
            end
            default: begin
              trap = 1'b1; trap_val = instr;
            end
          endcase

          if (jump) begin
            if (jump_target[1:0] != 2'b00) begin
              // RV32I 2.5: the jump/branch itself traps; rd is not written
              rf_we = 1'b0; trap = 1'b1; trap_cause = CAUSE_IADDR_MISALIGNED; trap_val = jump_target;
            end else begin
              pc_d = jump_target; fetch = 1'b1;
            end
          end
        end
      end

      // REGFILE_BRAM: the register RAMs read rs1/rs2 of the word on imem_rdata_i.
      S_RFRD: begin
        state_d = S_EXEC;
      end

      // Waiting for the data bus.
      S_MEM: begin
        f_daddr  = mem_addr_q;
        rf_waddr = mem_rd_q;
        if (dack_i || derr_i) begin
          if (derr_i) begin
            trap = 1'b1; trap_val = mem_addr_q;
            trap_cause = mem_we_q ? CAUSE_SACCESS_FAULT : CAUSE_LACCESS_FAULT;
          end else begin
            rf_we    = !mem_we_q;
            rf_wdata = ld_value;
            pc_d     = pc_plus4;
            fetch    = 1'b1;
          end
        end
      end

      // Unusable trap vector.
      S_LOCKUP: begin
      end

      default: begin
        state_d = S_LOCKUP;
      end
    endcase

    if (trap) begin
      mepc_d   = trap_epc;
      mcause_d = trap_cause;
      mtval_d  = trap_val;
      pc_d     = mtvec_q;
      fetch    = 1'b1;
    end

    // A fetch outside IMEM is an instruction access fault at that address.
    if (fetch && outside_imem(pc_d)) begin
      if (trap || outside_imem(mtvec_q)) begin
        fetch   = 1'b0;
        state_d = S_LOCKUP;
      end else begin
        mepc_d   = pc_d;
        mcause_d = CAUSE_IACCESS_FAULT;
        mtval_d  = pc_d;
        pc_d     = mtvec_q;
      end
    end
    if (fetch) state_d = S_NEXT;

    f_imem_en   = fetch;
    f_imem_addr = pc_d;
    if (rf_waddr == 5'd0) rf_we = 1'b0;
  end

  assign f_lockup = (state_q == S_LOCKUP);

  // ---------------------------------------------------------------- flops
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= S_FETCH;
      pc_hi_q      <= 30'd0;
      mtvec_q      <= 32'd0;
      mscratch_q   <= 32'd0;
      mepc_q       <= 32'd0;
      mcause_q     <= 32'd0;
      mtval_q      <= 32'd0;
      cycle_q      <= 64'd0;
      mem_addr_q   <= 32'd0;
      mem_we_q     <= 1'b0;
      mem_funct3_q <= 3'd0;
      mem_rd_q     <= 5'd0;
    end else begin
      state_q      <= state_d;
      pc_hi_q      <= pc_d[31:2];
      mtvec_q      <= mtvec_d;
      mscratch_q   <= mscratch_d;
      mepc_q       <= mepc_d;
      mcause_q     <= mcause_d;
      mtval_q      <= mtval_d;
      cycle_q      <= cycle_q + 64'd1;
      mem_addr_q   <= mem_addr_d;
      mem_we_q     <= mem_we_d;
      mem_funct3_q <= mem_funct3_d;
      mem_rd_q     <= mem_rd_d;
    end
  end

  // ---------------------------------------------------------------- register file
  // No reset (RISC-V leaves x1..x31 undefined at reset); x0 reads zero
  // because its number is checked on the read side, never by its contents.
  generate
    if (REGFILE_BRAM != 0) begin : g_rf_bram
      reg [31:0] rf_a [0:31];   // read by rs1
      reg [31:0] rf_b [0:31];   // read by rs2: the same contents
      reg [31:0] rd_a_q, rd_b_q;
      reg        nz_a_q, nz_b_q;
      always @(posedge clk_i) begin
        if (rf_we) begin
          rf_a[rf_waddr] <= rf_wdata;
          rf_b[rf_waddr] <= rf_wdata;
        end
        if (state_q == S_RFRD) begin
          rd_a_q <= rf_a[rs1];
          rd_b_q <= rf_b[rs2];
          nz_a_q <= (rs1 != 5'd0);
          nz_b_q <= (rs2 != 5'd0);
        end
      end
      assign rs1_val = nz_a_q ? rd_a_q : 32'd0;
      assign rs2_val = nz_b_q ? rd_b_q : 32'd0;
      // the word is there a clock early: two ALU controls decoded then,
      // off the path into the adder's carry chain
      reg alu_b_rs2_q, alu_sub_q;
      always @(posedge clk_i) begin
        if (state_q == S_RFRD) begin
          alu_b_rs2_q <= alu_b_rs2_c;
          alu_sub_q   <= alu_sub_c;
        end
      end
      assign alu_b   = alu_b_rs2_q ? rs2_val : imm_i;
      assign alu_sub = alu_sub_q;
      assign imm_ls  = (opcode == OPC_STORE) ? imm_s : imm_i;
      assign imm_pc  = (opcode == OPC_AUIPC) ? imm_u : (opcode == OPC_JAL) ? imm_j : imm_b;
    end else begin : g_rf_ff
      // S_RFRD reads the registers named by the RAM's word (instr_q still
      // holds the previous instruction then), and picks the adders' second
      // operands from that word, so S_EXEC's adders start at flip-flops
      wire [31:0] nw   = imem_rdata_i;
      wire [4:0]  nrs1 = nw[19:15], nrs2 = nw[24:20];
      // Waived: S_EXEC uses the operands and offsets registered here, not
      // the instruction's rs2 and immediates.
      /* verilator lint_off UNUSEDSIGNAL */
      wire        unused_dec = ^{rs2, imm_i, imm_s, imm_b, imm_j};
      /* verilator lint_on UNUSEDSIGNAL */
      reg  [31:0] rf_q [1:31];
      wire [31:0] nrs2_val = (nrs2 == 5'd0) ? 32'd0 : rf_q[nrs2];
      reg [31:0] rd_a_q, rd_b_q, alu_b_q, imm_ls_q, imm_pc_q;
      reg        alu_sub_q;
      always @(posedge clk_i) begin
        if (rf_we) rf_q[rf_waddr] <= rf_wdata;
        if (state_q == S_RFRD) begin
          rd_a_q    <= (nrs1 == 5'd0) ? 32'd0 : rf_q[nrs1];
          rd_b_q    <= nrs2_val;
          alu_b_q   <= alu_b_rs2_c ? nrs2_val : imm_i_of(nw);
          alu_sub_q <= alu_sub_c;
          imm_ls_q  <= (nw[6:0] == OPC_STORE) ? imm_s_of(nw) : imm_i_of(nw);
          imm_pc_q  <= (nw[6:0] == OPC_AUIPC) ? imm_u_of(nw) :
                       (nw[6:0] == OPC_JAL)   ? imm_j_of(nw) : imm_b_of(nw);
        end
      end
      assign rs1_val = rd_a_q;
      assign rs2_val = rd_b_q;
      assign alu_b   = alu_b_q;
      assign alu_sub = alu_sub_q;
      assign imm_ls  = imm_ls_q;
      assign imm_pc  = imm_pc_q;
    end
  endgenerate

  // ================================================================ SMALL = 1
  // The area-first core is its own module (hdl/mgmt/mgmt_cpu_small.v, the
  // same ports); the SMALL = 0 core above is elaborated too but drives
  // nothing (synthesis removes it).
  generate
    if (SMALL != 0) begin : g_small
      mgmt_cpu_small #(.IMEM_BYTES(IMEM_BYTES)) u_small (
        .clk_i, .rst_ni,
        .imem_en_o, .imem_addr_o, .imem_rdata_i,
        .dreq_o, .dwe_o, .daddr_o, .dwdata_o, .dbe_o, .dack_i, .derr_i, .drdata_i,
        .lockup_o
      );
    end else begin : g_fast
      assign imem_en_o   = f_imem_en;
      assign imem_addr_o = f_imem_addr;
      assign dreq_o      = f_dreq;
      assign dwe_o       = f_dwe;
      assign daddr_o     = f_daddr;
      assign dwdata_o    = f_dwdata;
      assign dbe_o       = f_dbe;
      assign lockup_o    = f_lockup;
    end
  endgenerate

endmodule

`default_nettype wire
