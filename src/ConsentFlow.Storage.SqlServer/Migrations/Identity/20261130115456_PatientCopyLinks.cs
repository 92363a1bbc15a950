using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConsentFlow.Storage.SqlServer.Migrations.Identity
{
    /// <inheritdoc />
    public partial class PatientCopyLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PatientCopyLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TokenSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    KioskSessionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientCopyLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PatientCopyLinks_InstanceId",
                table: "PatientCopyLinks",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_PatientCopyLinks_TokenSha256",
                table: "PatientCopyLinks",
                column: "TokenSha256",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PatientCopyLinks");
        }
    }
}
