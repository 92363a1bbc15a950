using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConsentFlow.Storage.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class WorklistSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_FamilyNameKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_GivenNameKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_Mrn",
                table: "CaseReadiness");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_FamilyNameKey_SortKey",
                table: "CaseReadiness",
                columns: new[] { "FamilyNameKey", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_GivenNameKey_SortKey",
                table: "CaseReadiness",
                columns: new[] { "GivenNameKey", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_Mrn_SortKey",
                table: "CaseReadiness",
                columns: new[] { "Mrn", "SortKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_FamilyNameKey_SortKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_GivenNameKey_SortKey",
                table: "CaseReadiness");

            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_Mrn_SortKey",
                table: "CaseReadiness");

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
        }
    }
}
