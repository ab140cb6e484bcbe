using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HarvestSourceItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Degraded",
                table: "harvest_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ItemsFailed",
                table: "harvest_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ItemsGathered",
                table: "harvest_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ItemsPublished",
                table: "harvest_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ItemsUnchanged",
                table: "harvest_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ItemsWithdrawn",
                table: "harvest_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SummaryEn",
                table: "harvest_runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SummarySv",
                table: "harvest_runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "harvest_source_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: true),
                    DataLocation = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MissingSince = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastETag = table.Column<string>(type: "TEXT", nullable: true),
                    LastModifiedHeader = table.Column<string>(type: "TEXT", nullable: true),
                    LastContentHash = table.Column<string>(type: "TEXT", nullable: true),
                    MetadataHash = table.Column<string>(type: "TEXT", nullable: true),
                    LastValidShare = table.Column<double>(type: "REAL", nullable: true),
                    LastRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_harvest_source_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_harvest_source_items_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_harvest_source_items_harvest_sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "harvest_sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_harvest_source_items_DatasetId",
                table: "harvest_source_items",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_harvest_source_items_SourceId_ItemKey",
                table: "harvest_source_items",
                columns: new[] { "SourceId", "ItemKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "harvest_source_items");

            migrationBuilder.DropColumn(
                name: "Degraded",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "ItemsFailed",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "ItemsGathered",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "ItemsPublished",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "ItemsUnchanged",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "ItemsWithdrawn",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "SummaryEn",
                table: "harvest_runs");

            migrationBuilder.DropColumn(
                name: "SummarySv",
                table: "harvest_runs");
        }
    }
}
