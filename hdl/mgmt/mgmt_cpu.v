// The management core: a small multi-cycle RV32I processor (machine mode only).
//
// Written for this card; no third-party core. RV32I base ISA (RISC-V
// Unprivileged ISA 20191213, chapter 2) plus the Zicsr instructions on a
// minimal set of machine-mode CSRs (Privileged ISA 20211203, chapter 3):
// mstatus (reads MPP=M, writes ignored), misa, mhartid, mtvec (direct mode),
// mscratch, mepc, mcause, mtval, and the cycle counter (mcycle/cycle + high halves).
// No interrupts: the firmware polls.
//
// Timing: an instruction executes in the clock its word arrives from the
// synchronous instruction RAM, and the next fetch is issued in that same
// clock, so ALU, branch and jump instructions take 1 clock; loads and stores
// wait for the data bus acknowledge (2 clocks or more).
//
// REGFILE_BRAM = 0 (the card): x1..x31 are flip-flops read through two
// 31-way multiplexers. REGFILE_BRAM = 1 (small FPGAs, docs/mgmt-core.md):
// they live in two copies of a 32-word RAM with one synchronous read port
// each (yosys maps each to iCE40 block RAM), one copy read by rs1 and one
// by rs2, both written together. The register numbers arrive with the
// instruction word, so the read takes one more clock (S_RFRD) before the
// instruction executes: every instruction costs one clock more. A write
// (end of S_EXEC or S_MEM) always lands at an edge before the next
// instruction's read (end of its S_RFRD), so no forwarding is needed.
// Both modes need imem_rdata_i to hold the word until the next imem_en_o
// (mgmt_ram keeps its output while its port is not enabled).
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
  parameter integer SMALL        = 0         // 1: the area-first core (end of this file)
) (
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
);

  // ---------------------------------------------------------------- constants
  localparam [6:0] OPC_LUI    = 7'b0110111;
  localparam [6:0] OPC_AUIPC  = 7'b0010111;
  localparam [6:0] OPC_JAL    = 7'b1101111;
  localparam [6:0] OPC_JALR   = 7'b1100111;
  localparam [6:0] OPC_BRANCH = 7'b1100011;
  localparam [6:0] OPC_LOAD   = 7'b0000011;
  localparam [6:0] OPC_STORE  = 7'b0100011;
  localparam [6:0] OPC_OPIMM  = 7'b0010011;
  localparam [6:0] OPC_OP     = 7'b0110011;
  localparam [6:0] OPC_MISC   = 7'b0001111;
  localparam [6:0] OPC_SYSTEM = 7'b1110011;

  localparam [11:0] CSR_MSTATUS  = 12'h300;
  localparam [11:0] CSR_MISA     = 12'h301;
  localparam [11:0] CSR_MTVEC    = 12'h305;
  localparam [11:0] CSR_MSCRATCH = 12'h340;
  localparam [11:0] CSR_MEPC     = 12'h341;
  localparam [11:0] CSR_MCAUSE   = 12'h342;
  localparam [11:0] CSR_MTVAL    = 12'h343;
  localparam [11:0] CSR_MCYCLE   = 12'hB00;
  localparam [11:0] CSR_MCYCLEH  = 12'hB80;
  localparam [11:0] CSR_CYCLE    = 12'hC00;
  localparam [11:0] CSR_CYCLEH   = 12'hC80;
  localparam [11:0] CSR_MHARTID  = 12'hF14;

  localparam [31:0] CAUSE_IADDR_MISALIGNED = 32'd0;
  localparam [31:0] CAUSE_IACCESS_FAULT    = 32'd1;
  localparam [31:0] CAUSE_ILLEGAL          = 32'd2;
  localparam [31:0] CAUSE_BREAKPOINT       = 32'd3;
  localparam [31:0] CAUSE_LADDR_MISALIGNED = 32'd4;
  localparam [31:0] CAUSE_LACCESS_FAULT    = 32'd5;
  localparam [31:0] CAUSE_SADDR_MISALIGNED = 32'd6;
  localparam [31:0] CAUSE_SACCESS_FAULT    = 32'd7;
  localparam [31:0] CAUSE_ECALL_M          = 32'd11;

  localparam [2:0] S_FETCH  = 3'd0;   // issue the first fetch after reset
  localparam [2:0] S_EXEC   = 3'd1;   // instruction word valid on imem_rdata_i
  localparam [2:0] S_MEM    = 3'd2;   // load/store issued, waiting for the bus
  localparam [2:0] S_LOCKUP = 3'd3;   // trap vector unusable: stop
  localparam [2:0] S_RFRD   = 3'd4;   // REGFILE_BRAM: word valid, registers being read
  localparam [2:0] S_NEXT   = (REGFILE_BRAM != 0) ? S_RFRD : S_EXEC;   // after a fetch

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
  wire [31:0] instr  = imem_rdata_i;
  wire [6:0]  opcode = instr[6:0];
  wire [4:0]  rd     = instr[11:7];
  wire [2:0]  funct3 = instr[14:12];
  wire [4:0]  rs1    = instr[19:15];
  wire [4:0]  rs2    = instr[24:20];
  wire [6:0]  funct7 = instr[31:25];
  wire [11:0] csr_addr = instr[31:20];

  wire [31:0] imm_i = {{20{instr[31]}}, instr[31:20]};
  wire [31:0] imm_s = {{20{instr[31]}}, instr[31:25], instr[11:7]};
  wire [31:0] imm_b = {{19{instr[31]}}, instr[31], instr[7], instr[30:25], instr[11:8], 1'b0};
  wire [31:0] imm_u = {instr[31:12], 12'b0};
  wire [31:0] imm_j = {{11{instr[31]}}, instr[31], instr[19:12], instr[20], instr[30:21], 1'b0};

  wire [31:0] rs1_val, rs2_val;   // the register file (end of this file)

  // ---------------------------------------------------------------- ALU
  // OP and OP-IMM share it; funct7[5] selects SUB/SRA (SUB only for OP).
  // Area (small FPGAs, docs/mgmt-core.md "Size and speed"): one adder does
  // ADD, SUB, the SLT/SLTU compares and the branch compares (a - b as
  // a + ~b + 1); one right shifter does all three shifts, SLL on the
  // bit-reversed operand.
  wire        alu_is_op = (opcode == OPC_OP);
  wire        alu_b_rs2_c = alu_is_op || (opcode == OPC_BRANCH);
  wire        alu_sub_c   = (opcode == OPC_BRANCH) || (funct3 != 3'b000) || (alu_is_op && funct7[5]);
  wire        alu_b_rs2, alu_sub;
  wire [31:0] alu_b     = alu_b_rs2 ? rs2_val : imm_i;
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

  // Legal encodings of OP / OP-IMM (funct7 checks; RV32I shifts need imm[11:5] = 0/0x20)
  reg alu_legal;
  always @(*) begin
    if (alu_is_op) begin
      alu_legal = (funct7 == 7'b0000000) ||
                  (funct7 == 7'b0100000 && (funct3 == 3'b000 || funct3 == 3'b101));
    end else begin
      case (funct3)
        3'b001:  alu_legal = (funct7 == 7'b0000000);
        3'b101:  alu_legal = (funct7 == 7'b0000000) || (funct7 == 7'b0100000);
        default: alu_legal = 1'b1;
      endcase
    end
  end

  // ---------------------------------------------------------------- branches
  // RV32I section 2.5: BEQ BNE BLT BGE BLTU BGEU (funct3 010/011 reserved)
  // the ALU adder subtracts rs2 for a branch; equality is compared apart,
  // off the carry chain (a shorter path to the next pc)
  wire        cmp_eq  = (rs1_val == rs2_val);
  wire        cmp_lt  = lt_signed;
  wire        cmp_ltu = lt_unsigned;
  reg         br_taken, br_legal;
  always @(*) begin
    br_legal = 1'b1;
    case (funct3)
      3'b000:  br_taken = cmp_eq;
      3'b001:  br_taken = !cmp_eq;
      3'b100:  br_taken = cmp_lt;
      3'b101:  br_taken = !cmp_lt;
      3'b110:  br_taken = cmp_ltu;
      3'b111:  br_taken = !cmp_ltu;
      default: begin br_taken = 1'b0; br_legal = 1'b0; end
    endcase
  end

  // ---------------------------------------------------------------- CSRs
  reg        csr_known, csr_readonly;
  reg [31:0] csr_rdata;
  always @(*) begin
    csr_known    = 1'b1;
    csr_readonly = (csr_addr[11:10] == 2'b11);   // Privileged ISA 2.1: read-only space
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
      default: begin csr_rdata = 32'd0; csr_known = 1'b0; end
    endcase
  end
  // CSRRS/CSRRC with rs1 = x0 (or uimm = 0) do not write (Zicsr 9.1)
  wire        csr_imm    = funct3[2];
  wire [31:0] csr_src    = csr_imm ? {27'd0, rs1} : rs1_val;
  wire        csr_writes = (funct3[1:0] == 2'b01) || (rs1 != 5'd0);
  reg  [31:0] csr_wdata;
  always @(*) begin
    case (funct3[1:0])
      2'b01:   csr_wdata = csr_src;
      2'b10:   csr_wdata = csr_rdata | csr_src;
      default: csr_wdata = csr_rdata & ~csr_src;
    endcase
  end

  // ---------------------------------------------------------------- load/store
  wire [31:0] ls_addr   = rs1_val + ((opcode == OPC_STORE) ? imm_s : imm_i);
  reg         ls_legal, ls_misaligned;
  always @(*) begin
    ls_legal = 1'b1;
    ls_misaligned = 1'b0;
    case (funct3[1:0])
      2'b00:   ls_misaligned = 1'b0;
      2'b01:   ls_misaligned = ls_addr[0];
      2'b10:   ls_misaligned = (ls_addr[1:0] != 2'b00);
      default: ls_legal = 1'b0;
    endcase
    // loads: LB LH LW LBU LHU; stores: SB SH SW only
    if (opcode == OPC_STORE && funct3[2]) ls_legal = 1'b0;
    if (opcode == OPC_LOAD && funct3 == 3'b110) ls_legal = 1'b0;
  end

  // load result: shift the word down to the addressed lane, then extend
  wire [31:0] ld_shifted = drdata_i >> {mem_addr_q[1:0], 3'b000};
  reg  [31:0] ld_value;
  always @(*) begin
    case (mem_funct3_q)
      3'b000:  ld_value = {{24{ld_shifted[7]}}, ld_shifted[7:0]};
      3'b001:  ld_value = {{16{ld_shifted[15]}}, ld_shifted[15:0]};
      3'b100:  ld_value = {24'd0, ld_shifted[7:0]};
      3'b101:  ld_value = {16'd0, ld_shifted[15:0]};
      default: ld_value = ld_shifted;
    endcase
  end

  reg [3:0] st_be;
  always @(*) begin
    case (funct3[1:0])
      2'b00:   st_be = 4'b0001 << ls_addr[1:0];
      2'b01:   st_be = 4'b0011 << ls_addr[1:0];
      default: st_be = 4'b1111;
    endcase
  end

  // ---------------------------------------------------------------- control
  // "address >= IMEM_BYTES": for a power of two an OR of the high bits
  // (yosys builds a carry chain for the compare otherwise)
  localparam [31:0] IMEM_MASK = ~(IMEM_BYTES - 32'd1);
  localparam        IMEM_POW2 = (IMEM_BYTES & (IMEM_BYTES - 32'd1)) == 32'd0;
  function outside_imem(input [31:0] a);
    outside_imem = IMEM_POW2 ? ((a & IMEM_MASK) != 32'd0) : (a >= IMEM_BYTES);
  endfunction

  reg        trap;
  reg [31:0] trap_cause, trap_val, trap_epc;
  reg        fetch;
  reg [31:0] pc_plus4;
  reg [31:0] jump_target;
  // one adder for every pc-relative target: AUIPC, JAL, taken branches
  wire [31:0] pc_rel = pc_q + ((opcode == OPC_AUIPC) ? imm_u : (opcode == OPC_JAL) ? imm_j : imm_b);
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
      assign alu_b_rs2 = alu_b_rs2_q;
      assign alu_sub   = alu_sub_q;
    end else begin : g_rf_ff
      reg [31:0] rf_q [1:31];
      always @(posedge clk_i) begin
        if (rf_we) rf_q[rf_waddr] <= rf_wdata;
      end
      assign rs1_val = (rs1 == 5'd0) ? 32'd0 : rf_q[rs1];
      assign rs2_val = (rs2 == 5'd0) ? 32'd0 : rf_q[rs2];
      assign alu_b_rs2 = alu_b_rs2_c;
      assign alu_sub   = alu_sub_c;
    end
  endgenerate

  // ================================================================ SMALL = 1
  // The area-first core (iCE40 UP5K boards, docs/mgmt-core.md "SMALL"): the
  // same ISA, traps, lockup and CSRs as above, executed as a sequence of
  // clocks around one adder. x0..x31 and the five writable CSRs (mtvec,
  // mscratch, mepc, mcause, mtval) are 37 words of one 64-word RAM with one
  // synchronous read port (2 iCE40 block RAMs); rs1 and rs2 are read in
  // successive clocks into the operand registers a and b. The adder (x + y,
  // or x - y through ~y + 1, whose carry out is the unsigned compare) makes
  // every address, target, link, sum and compare; shifts move a one bit per
  // clock. Reset clears the whole RAM first (64 clocks), which gives the CSRs
  // their reset value 0 and makes x0 read 0 (x0 is never written after).
  // The clocks per instruction: docs/mgmt-core.md; the cycle CSRs count clocks.
  // Above, the SMALL = 0 core is elaborated too but drives nothing
  // (synthesis removes it).
  generate
    if (SMALL != 0) begin : g_small
      localparam [3:0] T_INIT = 4'd0,  T_JUMP = 4'd1,  T_DEC  = 4'd2,  T_RS1  = 4'd3,
                       T_RS2  = 4'd4,  T_EX   = 4'd5,  T_EX2  = 4'd6,  T_SHIFT = 4'd7,
                       T_MWAIT = 4'd9, T_TRAP1 = 4'd10, T_TRAP2 = 4'd11,
                       T_TRAP3 = 4'd12, T_TRAP4 = 4'd13, T_LOCK = 4'd14;
      // RAM words of the CSRs: 32 + csr_addr[2:0] (mscratch 32, mepc 33, mcause 34, mtval 35, mtvec 37)
      localparam [5:0] W_MEPC = 6'd33, W_MCAUSE = 6'd34,
                       W_MTVAL = 6'd35, W_MTVEC = 6'd37;
      // adder operands
      localparam [1:0] X_A = 2'd0, X_PC = 2'd1, X_ZERO = 2'd2;
      localparam [1:0] Y_B = 2'd0, Y_IMM = 2'd1, Y_FOUR = 2'd2, Y_ZERO = 2'd3;
      // register file write data
      localparam [1:0] WD_ALU = 2'd0, WD_LOAD = 2'd1, WD_CAUSE = 2'd2, WD_INSTR = 2'd3;

      reg  [3:0]  st_q, st_d;
      reg  [31:2] spc_q;            // pc
      wire [31:0] spc = {spc_q, 2'b00};
      reg  [31:0] a_q, b_q;         // operands: rs1 (then address, target, shifted value), rs2
      reg  [5:0]  cnt_q;            // RAM clear, then shift count
      reg  [1:0]  jx_q, jy_q;       // the next T_JUMP's adder operands
      reg         in_trap_q;        // fetching the trap vector: outside IMEM locks up
      reg  [3:0]  cause_q;
      reg         tv_instr_q;       // mtval: the instruction word, else the adder (x + 0)
      reg  [1:0]  tvx_q;            // mtval's adder operand (a, pc or 0)
      reg  [4:0]  mrd_q;            // the load/store in flight
      reg  [2:0]  mf3_q;
      reg         mwe_q;
      reg  [63:0] scycle_q;

      // ------------------------------------------------ controls (per state)
      reg  [1:0]  xsel, ysel, wsel;
      reg         sub;
      reg  [2:0]  aop;              // funct3 of the ALU result; 000 is the adder
      reg         use_csr_ro;       // result: a CSR not in the RAM
      reg         we;
      reg  [5:0]  waddr, raddr;
      reg         a_ld_ram, a_ld_sum, a_shift, b_ld_ram;
      reg         pc_ld, sfetch, go_trap, dreq;
      reg  [3:0]  trap_c;
      reg         trap_tv_instr;
      reg  [1:0]  trap_tvx;
      reg  [1:0]  jx_d, jy_d;

      // ------------------------------------------------ the adder and ALU
      reg  [31:0] imm;
      always @(*) begin
        case (opcode)
          OPC_LUI, OPC_AUIPC: imm = imm_u;
          OPC_JAL:            imm = imm_j;
          OPC_BRANCH:         imm = imm_b;
          OPC_STORE:          imm = imm_s;
          OPC_SYSTEM:         imm = {27'd0, rs1};     // CSRR*I's uimm
          default:            imm = imm_i;
        endcase
      end
      wire [31:0] xv = (xsel == X_A) ? a_q : (xsel == X_PC) ? spc : 32'd0;
      reg  [31:0] yv;
      always @(*) begin
        case (ysel)
          Y_B:     yv = b_q;
          Y_IMM:   yv = imm;
          Y_FOUR:  yv = 32'd4;
          default: yv = 32'd0;
        endcase
      end
      wire [31:0] yi   = yv ^ {32{sub}};
      // bit 32: the borrow of x - y (x < y unsigned)
      wire [32:0] ssum = {1'b0, xv} + {sub, yi} + {32'd0, sub};
      wire        s_lt  = (xv[31] != yv[31]) ? xv[31] : ssum[31];
      wire        s_ltu = ssum[32];
      wire        s_eq  = (ssum[31:0] == 32'd0);
      reg  [31:0] csr_ro;           // the CSRs that are not in the RAM
      always @(*) begin
        case (csr_addr)
          CSR_MSTATUS:            csr_ro = 32'h0000_1800;
          CSR_MISA:               csr_ro = 32'h4000_0100;
          CSR_MCYCLE, CSR_CYCLE:  csr_ro = scycle_q[31:0];
          CSR_MCYCLEH, CSR_CYCLEH: csr_ro = scycle_q[63:32];
          default:                csr_ro = 32'd0;   // mhartid
        endcase
      end
      wire        csr_in_ram = (csr_addr == CSR_MTVEC) || (csr_addr[11:2] == CSR_MSCRATCH[11:2]);
      reg  [31:0] alu;
      always @(*) begin
        case (aop)
          3'b010:  alu = {31'd0, s_lt};
          3'b011:  alu = {31'd0, s_ltu};
          3'b100:  alu = xv ^ yi;
          3'b110:  alu = xv | yi;
          3'b111:  alu = xv & yi;
          default: alu = ssum[31:0];
        endcase
        if (use_csr_ro) alu = csr_ro;
      end
      // the shifter: 4 bits a clock while 4 or more are left, then 1
      // (SLL, SRL, SRA: funct3[2] is right, funct7[5] arithmetic)
      wire        sh4  = (cnt_q[4:2] != 3'd0);
      wire        fill = funct7[5] & a_q[31];
      wire [31:0] a_shifted = funct3[2] ? (sh4 ? {{4{fill}}, a_q[31:4]} : {fill, a_q[31:1]})
                                        : (sh4 ? {a_q[27:0], 4'b0000} : {a_q[30:0], 1'b0});

      // load: the addressed lane moved down, then extended
      wire [31:0] ld_sh = drdata_i >> {a_q[1:0], 3'b000};
      reg  [31:0] ld_v;
      always @(*) begin
        case (mf3_q)
          3'b000:  ld_v = {{24{ld_sh[7]}}, ld_sh[7:0]};
          3'b001:  ld_v = {{16{ld_sh[15]}}, ld_sh[15:0]};
          3'b100:  ld_v = {24'd0, ld_sh[7:0]};
          3'b101:  ld_v = {16'd0, ld_sh[15:0]};
          default: ld_v = ld_sh;
        endcase
      end
      reg [31:0] wdata;
      always @(*) begin
        case (wsel)
          WD_ALU:   wdata = alu;
          WD_LOAD:  wdata = ld_v;
          WD_CAUSE: wdata = {28'd0, cause_q};
          default:  wdata = instr;
        endcase
      end

      // ------------------------------------------------ sequence
      wire is_csr   = (opcode == OPC_SYSTEM) && (funct3 != 3'b000);
      wire is_shift = (funct3[1:0] == 2'b01) && (opcode == OPC_OP || opcode == OPC_OPIMM);
      // b: rs2 of OP, BRANCH, STORE; rs1 of a CSR instruction (the rest skip T_RS2)
      wire needs_b  = (opcode == OPC_OP) || (opcode == OPC_BRANCH) || (opcode == OPC_STORE) || is_csr;
      reg  legal;
      always @(*) begin
        case (opcode)
          OPC_LUI, OPC_AUIPC, OPC_JAL: legal = 1'b1;
          OPC_JALR:          legal = (funct3 == 3'b000);
          OPC_BRANCH:        legal = br_legal;
          OPC_OPIMM, OPC_OP: legal = alu_legal;
          OPC_LOAD, OPC_STORE: legal = ls_legal;
          OPC_MISC:          legal = (funct3 == 3'b000 || funct3 == 3'b001);
          OPC_SYSTEM:        legal = (funct3 == 3'b000) ?
                                     (instr == 32'h0000_0073 || instr == 32'h0010_0073 ||
                                      instr == 32'h3020_0073 || instr == 32'h1050_0073) :
                                     (funct3 != 3'b100 && csr_known && !(csr_readonly && csr_writes));
          default:           legal = 1'b0;
        endcase
        if (instr[1:0] != 2'b11) legal = 1'b0;
      end
      reg br_t;
      always @(*) begin
        case (funct3[2:1])
          2'b00:   br_t = s_eq;
          2'b10:   br_t = s_lt;
          default: br_t = s_ltu;
        endcase
        br_t = br_t ^ funct3[0];
      end
      wire ls_mis = (mf3_q[1:0] == 2'b01) ? ssum[0] : (mf3_q[1:0] == 2'b10) ? (ssum[1:0] != 2'b00) : 1'b0;

      always @(*) begin
        st_d = st_q;
        xsel = X_A; ysel = Y_ZERO; sub = 1'b0; aop = 3'b000; use_csr_ro = 1'b0;
        wsel = WD_ALU; we = 1'b0; waddr = {1'b0, rd}; raddr = {1'b0, rs1};
        a_ld_ram = 1'b0; a_ld_sum = 1'b0; a_shift = 1'b0; b_ld_ram = 1'b0;
        pc_ld = 1'b0; sfetch = 1'b0; go_trap = 1'b0; dreq = 1'b0;
        trap_c = CAUSE_ILLEGAL[3:0]; trap_tv_instr = 1'b0; trap_tvx = X_ZERO;
        jx_d = X_PC; jy_d = Y_FOUR;
        case (st_q)
          T_INIT: begin                       // RAM word cnt_q <= 0 + 0
            xsel = X_ZERO; we = 1'b1; waddr = cnt_q;
            jx_d = X_ZERO; jy_d = Y_ZERO;
            if (cnt_q == 6'd63) st_d = T_JUMP;
          end
          T_JUMP: begin                       // sfetch x + y
            xsel = jx_q; ysel = jy_q;
            if (ssum[1]) begin                // RV32I 2.5: the jump traps, mtval = its target
              a_ld_sum = 1'b1; go_trap = 1'b1;
              trap_c = CAUSE_IADDR_MISALIGNED[3:0]; trap_tvx = X_A;
            end else begin
              pc_ld = 1'b1;
              if (outside_imem(ssum[31:0])) begin
                if (in_trap_q) st_d = T_LOCK;
                else begin go_trap = 1'b1; trap_c = CAUSE_IACCESS_FAULT[3:0]; trap_tvx = X_PC; end
              end else begin
                sfetch = 1'b1; st_d = T_DEC;
              end
            end
          end
          T_DEC: begin                        // the word is here: read rs1 (a CSR: the CSR)
            if (is_csr) raddr = {1'b1, 2'b00, csr_addr[2:0]};
            if (opcode == OPC_SYSTEM && funct3 == 3'b000) raddr = W_MEPC;   // MRET
            st_d = T_RS1;
            if (!legal) begin
              go_trap = 1'b1; trap_tv_instr = 1'b1;
            end else if (instr == 32'h0000_0073) begin
              go_trap = 1'b1; trap_c = CAUSE_ECALL_M[3:0];
            end else if (instr == 32'h0010_0073) begin
              go_trap = 1'b1; trap_c = CAUSE_BREAKPOINT[3:0]; trap_tvx = X_PC;
            end
          end
          T_RS1: begin                        // a <= rs1; read rs2 (a CSR: rs1)
            a_ld_ram = 1'b1; raddr = is_csr ? {1'b0, rs1} : {1'b0, rs2};
            st_d = needs_b ? T_RS2 : T_EX;
          end
          T_RS2: begin
            b_ld_ram = 1'b1; st_d = T_EX;
          end
          T_EX: begin
            st_d = T_JUMP;                    // to pc + 4 unless below
            case (opcode)
              OPC_LUI:   begin xsel = X_ZERO; ysel = Y_IMM; we = 1'b1; end
              OPC_AUIPC: begin xsel = X_PC; ysel = Y_IMM; we = 1'b1; end
              OPC_JAL, OPC_JALR: begin        // a <= target; the link next
                xsel = (opcode == OPC_JAL) ? X_PC : X_A; ysel = Y_IMM; a_ld_sum = 1'b1;
                if (ssum[1]) begin
                  go_trap = 1'b1; trap_c = CAUSE_IADDR_MISALIGNED[3:0]; trap_tvx = X_A;
                end else st_d = T_EX2;
              end
              OPC_BRANCH: begin
                ysel = Y_B; sub = 1'b1;
                if (br_t) jy_d = Y_IMM;
              end
              OPC_OP, OPC_OPIMM: begin
                ysel = (opcode == OPC_OP) ? Y_B : Y_IMM;
                aop = funct3;
                sub = (funct3 == 3'b010) || (funct3 == 3'b011) ||
                      (opcode == OPC_OP && funct3 == 3'b000 && funct7[5]);
                if (is_shift) st_d = T_SHIFT;
                else we = 1'b1;
              end
              OPC_LOAD, OPC_STORE: begin      // the request to a + imm; a <= the address
                ysel = Y_IMM; a_ld_sum = 1'b1;
                if (ls_mis) begin
                  go_trap = 1'b1; trap_tvx = X_A;
                  trap_c = (opcode == OPC_LOAD) ? CAUSE_LADDR_MISALIGNED[3:0] : CAUSE_SADDR_MISALIGNED[3:0];
                end else begin
                  dreq = 1'b1; st_d = T_MWAIT;
                end
              end
              OPC_SYSTEM: begin
                if (funct3 == 3'b000) begin                  // MRET (a = mepc); WFI: pc + 4
                  if (instr[29]) begin jx_d = X_A; jy_d = Y_ZERO; end
                end else begin                                   // rd <= the CSR (a or csr_ro)
                  we = 1'b1; use_csr_ro = !csr_in_ram;
                  if (csr_writes && csr_in_ram) st_d = T_EX2;
                end
              end
              default: ;                                     // FENCE, FENCE.I
            endcase
          end
          T_EX2: begin
            st_d = T_JUMP;
            if (opcode == OPC_SYSTEM) begin    // CSR <= a op y
              waddr = {1'b1, 2'b00, csr_addr[2:0]}; we = 1'b1;
              ysel = funct3[2] ? Y_IMM : Y_B;
              case (funct3[1:0])
                2'b01:   xsel = X_ZERO;                      // CSRRW: 0 + y
                2'b10:   aop = 3'b110;                       // CSRRS: a | y
                default: begin aop = 3'b111; sub = 1'b1; end // CSRRC: a & ~y
              endcase
            end else begin                     // JAL, JALR: rd <= pc + 4, then to a
              xsel = X_PC; ysel = Y_FOUR; we = 1'b1;
              jx_d = X_A; jy_d = Y_ZERO;
            end
          end
          T_SHIFT: begin                       // a shifts until the count is 0, then rd <= a
            if (cnt_q[4:0] == 5'd0) begin
              we = 1'b1; st_d = T_JUMP;
            end else a_shift = 1'b1;
          end
          T_MWAIT: begin                       // the address stays on the bus: a + 0
            waddr = {1'b0, mrd_q}; wsel = WD_LOAD;
            if (derr_i) begin
              go_trap = 1'b1; trap_tvx = X_A;
              trap_c = mwe_q ? CAUSE_SACCESS_FAULT[3:0] : CAUSE_LACCESS_FAULT[3:0];
            end else if (dack_i) begin
              we = !mwe_q; st_d = T_JUMP;
            end
          end
          T_TRAP1: begin                       // mepc <= pc
            xsel = X_PC; we = 1'b1; waddr = W_MEPC; st_d = T_TRAP2;
          end
          T_TRAP2: begin                       // mcause
            wsel = WD_CAUSE; we = 1'b1; waddr = W_MCAUSE; st_d = T_TRAP3;
          end
          T_TRAP3: begin                       // mtval; read mtvec
            xsel = tvx_q; wsel = tv_instr_q ? WD_INSTR : WD_ALU; we = 1'b1; waddr = W_MTVAL;
            raddr = W_MTVEC; st_d = T_TRAP4;
          end
          T_TRAP4: begin                       // a <= mtvec, sfetch there
            a_ld_ram = 1'b1; jx_d = X_A; jy_d = Y_ZERO; st_d = T_JUMP;
          end
          default: st_d = T_LOCK;              // T_LOCK: stay
        endcase
        if (go_trap) st_d = T_TRAP1;
        if (waddr == 6'd0 && st_q != T_INIT) we = 1'b0;   // x0 stays 0
      end

      // ------------------------------------------------ register file + CSR RAM
      // mtvec (direct mode only) and mepc (IALIGN = 32) keep bits 1:0 zero
      wire wmask = (st_q == T_EX2) && (csr_addr == CSR_MTVEC || csr_addr == CSR_MEPC);
      reg [31:0] ram [0:63];
      reg [31:0] rdata_q;
      always @(posedge clk_i) begin
        if (we) ram[waddr] <= {wdata[31:2], wdata[1:0] & ~{2{wmask}}};
        rdata_q <= ram[raddr];
      end

      // ------------------------------------------------ flops
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          st_q <= T_INIT; spc_q <= 30'd0; a_q <= 32'd0; b_q <= 32'd0; cnt_q <= 6'd0;
          jx_q <= X_ZERO; jy_q <= Y_ZERO; in_trap_q <= 1'b0; cause_q <= 4'd0;
          tv_instr_q <= 1'b0; tvx_q <= X_ZERO; mrd_q <= 5'd0; mf3_q <= 3'd0; mwe_q <= 1'b0;
          scycle_q <= 64'd0;
        end else begin
          st_q <= st_d;
          scycle_q <= scycle_q + 64'd1;
          if (pc_ld) spc_q <= ssum[31:2];
          if (a_ld_ram) a_q <= rdata_q;
          else if (a_ld_sum) a_q <= {ssum[31:1], ssum[0] & !(st_q == T_EX && opcode == OPC_JALR)};
          else if (a_shift) a_q <= a_shifted;
          if (b_ld_ram) b_q <= rdata_q;
          if (st_q == T_INIT) cnt_q <= cnt_q + 6'd1;
          else if (st_q == T_EX) cnt_q <= {1'b0, yv[4:0]};
          else if (a_shift) cnt_q <= cnt_q - (sh4 ? 6'd4 : 6'd1);
          if (st_d == T_JUMP) begin jx_q <= jx_d; jy_q <= jy_d; end
          if (sfetch) in_trap_q <= 1'b0;
          else if (st_q == T_TRAP4) in_trap_q <= 1'b1;
          if (go_trap) begin cause_q <= trap_c; tv_instr_q <= trap_tv_instr; tvx_q <= trap_tvx; end
          if (st_q == T_DEC) begin mrd_q <= rd; mf3_q <= funct3; mwe_q <= (opcode == OPC_STORE); end
        end
      end

      // ------------------------------------------------ ports
      wire [1:0] lane = ssum[1:0];
      assign imem_en_o   = sfetch;
      assign imem_addr_o = {ssum[31:2], 2'b00};
      assign dreq_o      = dreq;
      assign dwe_o       = dreq && mwe_q;
      assign daddr_o     = ssum[31:0];
      // the byte (halfword) in every lane: dbe_o picks the ones written
      assign dwdata_o    = { (mf3_q[1:0] == 2'b00) ? b_q[7:0] : (mf3_q[1:0] == 2'b01) ? b_q[15:8] : b_q[31:24],
                             (mf3_q[1:0] == 2'b10) ? b_q[23:16] : b_q[7:0],
                             (mf3_q[1:0] == 2'b00) ? b_q[7:0] : b_q[15:8],
                             b_q[7:0] };
      assign dbe_o       = (mf3_q[1:0] == 2'b00) ? (4'b0001 << lane) :
                           (mf3_q[1:0] == 2'b01) ? (4'b0011 << lane) : 4'b1111;
      assign lockup_o    = (st_q == T_LOCK);
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
