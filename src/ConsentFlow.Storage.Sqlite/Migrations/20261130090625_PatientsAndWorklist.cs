using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConsentFlow.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PatientsAndWorklist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PatientId",
                table: "Cases",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "CaseReadiness",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SortKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ScheduledStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Procedure = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Approach = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Surgeon = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SedationPlan = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Mrn = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FamilyNameKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GivenNameKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    InstanceStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OpenRoles = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OpenTaskCount = table.Column<int>(type: "INTEGER", nullable: false),
                    BlockerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    BlockersJson = table.Column<string>(type: "TEXT", nullable: false),
                    PhasesJson = table.Column<string>(type: "TEXT", nullable: false),
                    OpenTasksJson = table.Column<string>(type: "TEXT", nullable: false),
                    InstanceVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReadiness", x => x.InstanceId);
                    table.ForeignKey(
                        name: "FK_CaseReadiness_Instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Patients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MrnSystem = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Mrn = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Patients", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PatientId",
                table: "Cases",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_FamilyNameKey",
                table: "CaseReadiness",
                column: "FamilyNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_GivenNameKey",
                table: "CaseReadiness",
                column: "GivenNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_Mrn",
                table: "CaseReadiness",
                column: "Mrn");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_PatientId",
                table: "CaseReadiness",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_SortKey_State",
                table: "CaseReadiness",
                columns: new[] { "SortKey", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_Surgeon_SortKey",
                table: "CaseReadiness",
                columns: new[] { "Surgeon", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Patients_MrnSystem_Mrn",
                table: "Patients",
                columns: new[] { "MrnSystem", "Mrn" },
                unique: true);

            // Existing cases: one patient per distinct MRN (the clinic's own numbers), named as on its newest case.
            migrationBuilder.Sql("""
                INSERT INTO "Patients" ("Id", "MrnSystem", "Mrn", "FamilyName", "GivenName", "BirthDate", "Sex", "Language", "CreatedAtUtc", "Version")
                SELECT "Id", 'urn:consentflow:mrn', "Mrn", "FamilyName", "GivenName", "BirthDate", "Sex", "Language", "CreatedAtUtc", 0
                FROM (SELECT "Id", "Mrn", "FamilyName", "GivenName", "BirthDate", "Sex", "Language", "CreatedAtUtc",
                             ROW_NUMBER() OVER (PARTITION BY "Mrn" ORDER BY "CreatedAtUtc" DESC, "Id") AS "Newest"
                      FROM "Cases") AS "Ranked"
                WHERE "Newest" = 1;
                """);
            migrationBuilder.Sql("""
                UPDATE "Cases" SET "PatientId" = (SELECT "Patients"."Id" FROM "Patients"
                    WHERE "Patients"."Mrn" = "Cases"."Mrn" AND "Patients"."MrnSystem" = 'urn:consentflow:mrn');
                """);

            migrationBuilder.AddForeignKey(
                name: "FK_Cases_Patients_PatientId",
                table: "Cases",
                column: "PatientId",
                principalTable: "Patients",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Cases_Patients_PatientId",
                table: "Cases");

            migrationBuilder.DropTable(
                name: "CaseReadiness");

            migrationBuilder.DropTable(
                name: "Patients");

            migrationBuilder.DropIndex(
                name: "IX_Cases_PatientId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PatientId",
                table: "Cases");
        }
    }
}
