using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConsentFlow.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StudioPublishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DefinitionPublications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DiffSummary = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ScenariosPassed = table.Column<int>(type: "INTEGER", nullable: false),
                    ScenariosFailed = table.Column<int>(type: "INTEGER", nullable: false),
                    OverrideId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RolledBackFromVersion = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DefinitionPublications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PublicationOverrides",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DraftSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    FailingScenarios = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicationOverrides", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DefinitionPublications_DefinitionId_Version",
                table: "DefinitionPublications",
                columns: new[] { "DefinitionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PublicationOverrides_DefinitionId_DraftSha256",
                table: "PublicationOverrides",
                columns: new[] { "DefinitionId", "DraftSha256" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DefinitionPublications");

            migrationBuilder.DropTable(
                name: "PublicationOverrides");
        }
    }
}
