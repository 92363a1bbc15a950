using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConsentFlow.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WorklistCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_SortKey_State",
                table: "CaseReadiness");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_SortKey_State_Surgeon_OpenRoles",
                table: "CaseReadiness",
                columns: new[] { "SortKey", "State", "Surgeon", "OpenRoles" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseReadiness_SortKey_State_Surgeon_OpenRoles",
                table: "CaseReadiness");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReadiness_SortKey_State",
                table: "CaseReadiness",
                columns: new[] { "SortKey", "State" });
        }
    }
}
